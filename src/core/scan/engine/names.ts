// Does a text call one of a set of names? The follow-up of the project asks it of every file not read yet, with the
// names of the app's plumbing: a RegExp built from those names grows with them (a 60,000-character function name made
// it "too large" and took the whole scan down), so the text is scanned once, identifier by identifier, instead.

const WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) WORD[c] = /[\w$]/.test(String.fromCharCode(c)) ? 1 : 0;

const isWord = (c: number) => c < 128 && WORD[c] === 1;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || (c > 127 && /\s/.test(String.fromCharCode(c)));

/**
 * True when `text` has `name(` or `name<T>(` (whitespace allowed before the parenthesis) for a name of `names`, the
 * name not preceded by a word character. Linear in the text.
 */
export function callsAnyName(text: string, names: ReadonlySet<string>): boolean {
  if (!names.size) return false;
  let longest = 0;
  for (const n of names) longest = Math.max(longest, n.length);
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isWord(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isWord(text.charCodeAt(i))) i++;
    if (i - start > longest || !names.has(text.slice(start, i))) continue;
    if (callFollows(text, i)) return true;
  }
  return false;
}

function callFollows(text: string, from: number): boolean {
  let j = from;
  while (j < text.length && isSpace(text.charCodeAt(j))) j++;
  if (text[j] === '(') return true;
  if (text[j] !== '<') return false;
  // `<T>`: any `>` before the first of `;(){}` may close it, if a `(` follows.
  for (let k = j + 1; k < text.length; k++) {
    const c = text[k];
    if (c === ';' || c === '(' || c === ')' || c === '{' || c === '}') return false;
    if (c === '>') {
      let m = k + 1;
      while (m < text.length && isSpace(text.charCodeAt(m))) m++;
      if (text[m] === '(') return true;
    }
  }
  return false;
}
