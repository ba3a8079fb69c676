import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../src/claims/registry.js';
import { MathError, typesetMath } from '../../src/report/typeset/typeset-math.js';
import { typesetText } from '../../src/report/typeset/typeset-text.js';

describe('typesetting the claims', () => {
  it('every registered claim’s formula typesets in KaTeX’s strict mode, and so does any $…$ in its prose', () => {
    for (const c of CLAIMS) {
      expect(() => typesetMath(c.latex, { display: true }), c.id).not.toThrow();
      for (const text of [c.title, c.statement, c.source, ...c.hypotheses])
        expect(() => typesetText(text), `${c.id}: ${text}`).not.toThrow();
    }
  });

  it('a formula KaTeX cannot parse, or one using a non-standard extension, throws instead of rendering red text', () => {
    expect(() => typesetMath('\\frac{a')).toThrow(MathError);
    expect(() => typesetMath('\\nosuchmacro')).toThrow(/nosuchmacro/);
    // Unicode text in math mode is a KaTeX extension: strict mode refuses it.
    expect(() => typesetMath('é')).toThrow(MathError);
    expect(typesetMath('x^2')).not.toContain('katex-error');
  });

  it('typesetText: escapes prose, typesets $…$ inline and $$…$$ as a display, keeps \\$ as a dollar sign', () => {
    expect(typesetText('a < b & "c"')).toBe('a &lt; b &amp; &quot;c&quot;');
    const inline = typesetText('the slope $\\varepsilon^{-4}$ here');
    expect(inline.startsWith('the slope <span class="katex">')).toBe(true);
    expect(inline.endsWith('</span> here')).toBe(true);
    expect(typesetText('$$x$$')).toContain('class="katex-display"');
    expect(typesetText('costs \\$5 and $x$')).toMatch(/^costs \$5 and <span class="katex">/);
    expect(() => typesetText('an open $x')).toThrow(/unmatched/);
  });
});
