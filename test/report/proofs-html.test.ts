import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_STYLESHEET, certificateHtml } from '../../src/report/typeset/certificate-html.js';
import { katexStylesheet } from '../../src/report/typeset/katex-stylesheet.js';
import { ROOT } from '../docs/run-cli.js';

/**
 * proofs/<id>.html: each certificate's Markdown with its formulas typeset by KaTeX, written by `npm run proofs`
 * (src/report/write-certificates.ts) beside the Markdown, sharing proofs/katex.css. The pages are derived from
 * the committed Markdown alone, so they are checked here without the CAS (test/symbolic/proofs.test.ts checks the
 * Markdown against the CAS).
 */
const DIR = join(ROOT, 'proofs');
const markdown = readdirSync(DIR).filter((f) => f.endsWith('.md') && f !== 'README.md');

describe('proofs/*.html', () => {
  it('are current: every certificate has its page, equal to the rendering of its committed Markdown', () => {
    expect(markdown.length).toBeGreaterThanOrEqual(13);
    for (const md of markdown) {
      const page = md.replace(/\.md$/, '.html');
      expect(readFileSync(join(DIR, page), 'utf8'), `${page} (run npm run proofs)`).toBe(
        certificateHtml(readFileSync(join(DIR, md), 'utf8')),
      );
    }
    expect(readFileSync(join(DIR, CERTIFICATE_STYLESHEET), 'utf8')).toBe(katexStylesheet());
  });

  it('typeset every $…$ of the Markdown, leave no TeX outside KaTeX, and link only the shared stylesheet', () => {
    for (const md of markdown) {
      const text = readFileSync(join(DIR, md), 'utf8');
      const html = certificateHtml(text);
      // Code spans may hold a dollar sign; formulas are the $…$ outside them.
      const formulas = text.replace(/`[^`]*`/g, '').match(/\$[^$]+\$/g) ?? [];
      expect(html.match(/<span class="katex">/g)?.length ?? 0, md).toBe(formulas.length);
      expect(html).not.toContain('katex-error');
      // Outside the KaTeX output (its MathML annotation repeats the TeX), no $ or TeX command is left.
      const outside = html.replace(
        /<span class="katex">[\s\S]*?<\/annotation><\/semantics><\/math><\/span>/g,
        '',
      );
      expect(outside.replace(/<code>[^<]*<\/code>/g, ''), md).not.toMatch(
        /\$|\\(frac|varepsilon|sigma|nabla)\b/,
      );
      for (const m of html.matchAll(/\b(?:src|href)="([^"]*)"/g))
        expect(m[1]).toMatch(new RegExp(`^(data:,|${CERTIFICATE_STYLESHEET})$`));
    }
  });

  it('renders the Markdown the certificates use: headings, nested lists, bold, code, math; a bad formula throws', () => {
    const html = certificateHtml(
      '# T $x$\n\nA **bold** `a$b` and $\\alpha$\ncontinued.\n\n1. one\n   - sub $y$\n2. two\n\n- u\n',
    );
    expect(html).toContain('<title>T x</title>');
    expect(html).toMatch(/<h1>T <span class="katex">/);
    expect(html).toContain('<p>A <strong>bold</strong> <code>a$b</code> and <span class="katex">');
    expect(html).toMatch(
      /<ol>\n<li>one\n<ul>\n<li>sub <span class="katex">[\s\S]*<\/li>\n<\/ul>\n<\/li>\n<li>two\n<\/li>\n<\/ol>/,
    );
    expect(html).toContain('<ul>\n<li>u\n</li>\n</ul>');
    expect(() => certificateHtml('bad $\\frac{a$')).toThrow(/cannot typeset/);
    expect(() => certificateHtml('open $x')).toThrow(/unmatched/);
  });
});
