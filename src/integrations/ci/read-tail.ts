/** What was read from a body stream: its last bytes as text, and whether anything was dropped. */
export interface TailText {
  text: string;
  totalBytes: number;
  truncated: boolean;
}

/**
 * Reads a byte stream to its end, keeping only the last `maxBytes` so a huge log costs at most
 * `maxBytes` plus one chunk of memory. The tail matters most: CI logs end with the error.
 */
export async function readTail(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<TailText> {
  if (!stream) return { text: "", totalBytes: 0, truncated: false };
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let totalBytes = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      kept += value.byteLength;
      totalBytes += value.byteLength;
      kept = dropHeadChunks(chunks, kept, maxBytes);
    }
  } finally {
    reader.releaseLock();
  }
  const joined = Buffer.concat(chunks, kept);
  const tail = joined.subarray(Math.max(0, joined.byteLength - maxBytes));
  const text = skipPartialCharacter(tail).toString("utf8");
  return { text, totalBytes, truncated: totalBytes > tail.byteLength };
}

/** Drops whole chunks from the front while the rest still covers `maxBytes`; returns the new size. */
function dropHeadChunks(chunks: Uint8Array[], kept: number, maxBytes: number): number {
  let size = kept;
  while (chunks.length > 1 && size - (chunks[0]?.byteLength ?? 0) >= maxBytes) {
    size -= chunks.shift()?.byteLength ?? 0;
  }
  return size;
}

/** A cut may land inside a multi-byte UTF-8 character; its continuation bytes would decode as U+FFFD. */
function skipPartialCharacter(bytes: Buffer): Buffer {
  let start = 0;
  while (start < 3 && start < bytes.byteLength && ((bytes[start] ?? 0) & 0xc0) === 0x80) start++;
  return bytes.subarray(start);
}
