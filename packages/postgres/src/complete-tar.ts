const BLOCK = 512;

/**
 * True when `bytes` is a whole ustar archive as PGlite's `dumpDataDir` writes it: every header's
 * checksum holds, every file's data is present, and the archive ends with exactly the two zero
 * blocks that mark its end. A cut or overwritten file fails this before PGlite sees it (PGlite,
 * handed a tarball it cannot read, retries it as gzip and rejects a promise nobody awaits).
 *
 * @example
 * ```ts
 * if (!isCompleteTar(readFileSync(path))) unlinkSync(path);
 * ```
 */
export function isCompleteTar(bytes: Uint8Array): boolean {
  if (bytes.byteLength % BLOCK !== 0) return false;
  let at = 0;
  let entries = 0;
  while (at + BLOCK <= bytes.byteLength) {
    const header = bytes.subarray(at, at + BLOCK);
    if (isZero(header))
      return entries > 0 && bytes.byteLength - at === 2 * BLOCK && isZero(bytes.subarray(at));
    if (!checksumHolds(header)) return false;
    const size = octal(header.subarray(124, 136));
    if (size === undefined) return false;
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    entries++;
  }
  return false;
}

function isZero(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0) return false;
  return true;
}

// The header checksum is the sum of its bytes with the checksum field itself read as spaces.
function checksumHolds(header: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] as number);
  return octal(header.subarray(148, 156)) === sum;
}

function octal(field: Uint8Array): number | undefined {
  const text = String.fromCharCode(...field)
    .replace(/\0.*$/s, "")
    .trim();
  return /^[0-7]+$/.test(text) ? Number.parseInt(text, 8) : undefined;
}
