// Small text helpers shared by the region, the vacancy search and the
// language-understanding module.

const FOLDED = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

/** Lower case, accents removed, every run of non-letters/digits turned into one space. */
export function fold(text: string): string {
  // Most words and messages are folded already (and folded again by each reader): nothing to do.
  if (FOLDED.test(text)) return text;
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** `fold` without spaces, so "Serang Baru" and "serangbaru" meet. */
export function compact(text: string): string {
  return fold(text).replace(/ /g, '');
}

/**
 * Optimal-string-alignment distance (Levenshtein plus swapping two neighbours),
 * giving up early once the distance is above `max`; returns max + 1 then.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}
