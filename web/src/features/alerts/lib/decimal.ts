// Exact decimal arithmetic for prices (issue 13: decimal strings, never floating point). A value is an
// integer mantissa and a scale (value = mantissa / 10^scale) held as a BigInt, so "0.1" + "0.2" is
// exactly "0.3" and a ratio is rounded once, half-even, at the end. The server's rules for a price:
// digits with an optional fraction, no sign or exponent, ≤ 12 significant digits, ≤ 10 decimals, > 0.

export interface Decimal {
  readonly mantissa: bigint;
  readonly scale: number;
}

export const MAX_SIGNIFICANT_DIGITS = 12;
export const MAX_DECIMALS = 10;

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?$/;

/** The decimal a plain string spells ("5850.25", "0.00001234"), or null for anything else. */
export function parseDecimal(text: string): Decimal | null {
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return null;
  const fraction = m[2] ?? '';
  return reduce({ mantissa: BigInt(m[1] + fraction), scale: fraction.length });
}

export type PriceProblem = 'not_a_number' | 'too_many_decimals' | 'too_many_digits' | 'not_positive';

/** Why `text` is not a price the server takes, or null when it is one. */
export function priceProblem(text: string): PriceProblem | null {
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return 'not_a_number';
  // Trailing zeros in the fraction say nothing ("100.50" is "100.5"), so they do not count.
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > MAX_DECIMALS) return 'too_many_decimals';
  const digits = (m[1] + fraction).replace(/^0+/, '');
  if (digits.length > MAX_SIGNIFICANT_DIGITS) return 'too_many_digits';
  if (digits.length === 0) return 'not_positive';
  return null;
}

/** The same value with no trailing zeros in the fraction (the server's normal form). */
function reduce(d: Decimal): Decimal {
  let { mantissa, scale } = d;
  while (scale > 0 && mantissa % 10n === 0n) {
    mantissa /= 10n;
    scale--;
  }
  return { mantissa, scale };
}

const pow10 = (n: number) => 10n ** BigInt(n);

function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.mantissa * pow10(scale - a.scale), b.mantissa * pow10(scale - b.scale), scale];
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = aligned(a, b);
  return reduce({ mantissa: x + y, scale });
}

export function sub(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = aligned(a, b);
  return reduce({ mantissa: x - y, scale });
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The midpoint of a zone, exact (one more decimal at most). */
export function midpoint(a: Decimal, b: Decimal): Decimal {
  const s = add(a, b);
  return reduce({ mantissa: s.mantissa * 5n, scale: s.scale + 1 });
}

/** a / b rounded half-even to `decimals` places; null when b is zero. */
export function divide(a: Decimal, b: Decimal, decimals: number): Decimal | null {
  if (b.mantissa === 0n) return null;
  // a/b = (ma / 10^sa) / (mb / 10^sb); scaled by 10^decimals that is ma·10^(sb+decimals) / (mb·10^sa).
  let num = a.mantissa * pow10(b.scale + decimals);
  let den = b.mantissa * pow10(a.scale);
  const negative = num < 0n !== den < 0n && num !== 0n;
  if (num < 0n) num = -num;
  if (den < 0n) den = -den;
  let q = num / den;
  const twice = (num % den) * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  return reduce({ mantissa: negative ? -q : q, scale: decimals });
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return reduce({ mantissa: a.mantissa * b.mantissa, scale: a.scale + b.scale });
}

export const decimalOf = (n: bigint | number): Decimal => ({ mantissa: BigInt(n), scale: 0 });

/** The normal form: no "+", no trailing zeros in the fraction ("100.50" → "100.5", "5850.00" → "5850"). */
export function formatDecimal(d: Decimal): string {
  const r = reduce(d);
  const negative = r.mantissa < 0n;
  const digits = (negative ? -r.mantissa : r.mantissa).toString().padStart(r.scale + 1, '0');
  const int = digits.slice(0, digits.length - r.scale);
  const frac = digits.slice(digits.length - r.scale);
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** A price string in the server's normal form, or the text unchanged when it is not a decimal. */
export function normalizePrice(text: string): string {
  const d = parseDecimal(text.trim());
  return d ? formatDecimal(d) : text;
}
