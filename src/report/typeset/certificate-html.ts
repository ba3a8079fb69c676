import { escapeXml } from '../_internals/escape-xml.js';
import { typesetMath } from './typeset-math.js';

/** The stylesheet a certificate page links, written beside the pages (KaTeX's CSS with its fonts inlined). */
export const CERTIFICATE_STYLESHEET = 'katex.css';

/**
 * A proofs/ certificate (Markdown written by src/symbolic/certificates.ts) as an HTML page with its formulas
 * typeset by KaTeX. It links {@link CERTIFICATE_STYLESHEET} beside it, so the thirteen pages share one copy of the
 * fonts. Only the Markdown the certificates use is understood: `#`/`##` headings, paragraphs, `-` and `1.` lists
 * (one level of nesting by indentation), `**bold**`, `` `code` `` and `$…$` math (`\$` a dollar sign). A formula that
 * does not parse throws (see typesetMath): the generator fails rather than writing red text.
 *
 * Syntax: `certificateHtml(markdown)` → HTML string (deterministic)
 */
export function certificateHtml(markdown: string): string {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const body: string[] = [];
  let title = 'certificate';
  let paragraph: string[] = [];
  // Open lists: their tag and indentation.
  const lists: { tag: 'ul' | 'ol'; indent: number }[] = [];
  let itemOpen = false;

  const flushParagraph = (): void => {
    if (paragraph.length > 0) body.push(`<p>${inline(paragraph.join('\n'))}</p>`);
    paragraph = [];
  };
  const closeLists = (toDepth: number): void => {
    while (lists.length > toDepth) {
      if (itemOpen) body.push('</li>');
      body.push(`</${lists.pop()?.tag ?? 'ul'}>`);
      itemOpen = lists.length > 0;
    }
  };

  for (const line of lines) {
    const item = /^( *)(-|\d+\.) (.*)$/.exec(line);
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    if (line.trim() === '') {
      flushParagraph();
      closeLists(0);
    } else if (heading !== null) {
      flushParagraph();
      closeLists(0);
      const level = heading[1]?.length ?? 1;
      const text = heading[2] ?? '';
      if (level === 1) title = text;
      body.push(`<h${level}>${inline(text)}</h${level}>`);
    } else if (item !== null) {
      flushParagraph();
      const indent = item[1]?.length ?? 0;
      const tag = item[2] === '-' ? 'ul' : 'ol';
      while (lists.length > 0 && (lists[lists.length - 1]?.indent ?? 0) > indent)
        closeLists(lists.length - 1);
      const top = lists[lists.length - 1];
      if (top === undefined || top.indent < indent) {
        body.push(`<${tag}>`);
        lists.push({ tag, indent });
      } else {
        body.push('</li>');
        if (top.tag !== tag) {
          body.push(`</${top.tag}><${tag}>`);
          lists[lists.length - 1] = { tag, indent };
        }
      }
      body.push(`<li>${inline(item[3] ?? '')}`);
      itemOpen = true;
    } else if (lists.length > 0 && /^\s/.test(line)) {
      // A continuation line of the open item.
      body.push(` ${inline(line.trim())}`);
    } else {
      closeLists(0);
      paragraph.push(line);
    }
  }
  flushParagraph();
  closeLists(0);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${escapeXml(title.replace(/\$/g, ''))}</title>`,
    `<link rel="stylesheet" href="${CERTIFICATE_STYLESHEET}">`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Inline Markdown: code spans verbatim, then `$…$` typeset and `**…**` bold in the rest. */
function inline(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) =>
      part.startsWith('`') && part.endsWith('`') && part.length >= 2
        ? `<code>${escapeXml(part.slice(1, -1))}</code>`
        : mathAndBold(part),
    )
    .join('');
}

function mathAndBold(text: string): string {
  const out: string[] = [];
  let plain = '';
  const flush = (): void => {
    out.push(escapeXml(plain).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>'));
    plain = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '\\' && text[i + 1] === '$') {
      plain += '$';
      i++;
    } else if (c === '$') {
      let j = i + 1;
      while (j < text.length && text[j] !== '$') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw new Error(`unmatched $ in ${JSON.stringify(text)}`);
      flush();
      out.push(typesetMath(text.slice(i + 1, j)));
      i = j;
    } else {
      plain += c;
    }
  }
  flush();
  return out.join('');
}

const STYLE = `
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #1f2328; background: #fff; }
main { max-width: 960px; margin: 0 auto; padding: 12px 24px 40px; }
h1 { font-size: 24px; } h2 { font-size: 19px; border-bottom: 1px solid #d0d7de; padding-bottom: 3px; margin-top: 26px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; background: #f6f8fa; padding: 1px 3px; word-break: break-word; }
li { margin: 4px 0; }
.katex { font-size: 1.08em; }
`;
