/** The composer's one targets field: prices separated by spaces, commas or semicolons ("195, 198.5"). */
export function parseTargets(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}
