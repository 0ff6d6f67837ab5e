// The hashed form of a log entry (docs/alerts.md, RFC 8785 JCS): keys sorted by UTF-16 code units, no
// whitespace, strings as JSON.stringify writes them. Entries hold only strings, integers, booleans,
// null, arrays and objects (no floating point), so JCS is a recursive key sort and JSON.stringify:
// Array.prototype.sort without a comparator compares UTF-16 code units, which is what JCS asks.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function sorted(v: Json): Json {
  if (Array.isArray(v)) return v.map(sorted);
  if (v !== null && typeof v === 'object') {
    const out: { [key: string]: Json } = {};
    for (const k of Object.keys(v).sort()) out[k] = sorted(v[k]);
    return out;
  }
  if (typeof v === 'number' && !Number.isSafeInteger(v)) {
    // A float or an integer past 2^53 has no exact canonical text here: refuse rather than hash a guess.
    throw new Error(`canonical JSON: ${v} is not a safe integer`);
  }
  return v;
}

export function canonicalJson(v: Json): string {
  return JSON.stringify(sorted(v));
}
