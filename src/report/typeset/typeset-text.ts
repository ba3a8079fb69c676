import { escapeXml } from '../_internals/escape-xml.js';
import { typesetMath } from './typeset-math.js';

/**
 * Prose with TeX in it, as HTML: text is escaped, `$…$` is typeset inline and `$$…$$` as a display formula (`\$` is
 * a literal dollar sign). Text without a dollar sign comes back escaped and nothing else — KaTeX is not even
 * loaded. A formula that does not parse throws (see {@link typesetMath}); so does an unmatched `$`, which would
 * otherwise show raw TeX in the page.
 *
 * Syntax: `typesetText(text)` → HTML string
 *
 * Example: `typesetText('the slope of $\\varepsilon^{-4}$ against $t$')`
 */
export function typesetText(text: string): string {
  if (!text.includes('$')) return escapeXml(text);
  const out: string[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('\\$', i)) {
      plain += '$';
      i += 2;
      continue;
    }
    if (text[i] !== '$') {
      plain += text[i] ?? '';
      i++;
      continue;
    }
    const display = text.startsWith('$$', i);
    const open = display ? 2 : 1;
    const close = closing(text, i + open, display ? '$$' : '$');
    if (close < 0) throw new Error(`unmatched ${display ? '$$' : '$'} in ${JSON.stringify(text)}`);
    out.push(escapeXml(plain));
    plain = '';
    out.push(typesetMath(text.slice(i + open, close), { display }));
    i = close + open;
  }
  out.push(escapeXml(plain));
  return out.join('');
}

/** The index of the delimiter that closes a formula starting at `from` (an escaped `\$` does not), or −1. */
function closing(text: string, from: number, delimiter: string): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text.startsWith(delimiter, j)) return j;
  }
  return -1;
}
