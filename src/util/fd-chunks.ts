/**
 * A file descriptor as a stream source and sink for stream.pipeline, without handing the descriptor to an fs stream:
 * fs streams close their descriptor when pipeline destroys them on an error, and a later close by the owner then
 * closes whatever file reused that number. Here the caller opens, and the caller closes, exactly once.
 */
import { read, write } from 'node:fs';
import { promisify } from 'node:util';

const readAsync = promisify(read);
const writeAsync = promisify(write);

/** Reads `fd` from offset 0 to its end, `size` bytes at a time (a fresh buffer each, so consumers may keep them). */
export async function* fdChunks(fd: number, size = 1024 * 1024): AsyncGenerator<Buffer> {
  let pos = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(size);
    const { bytesRead } = await readAsync(fd, buf, 0, size, pos);
    if (bytesRead === 0) return;
    pos += bytesRead;
    yield bytesRead === size ? buf : buf.subarray(0, bytesRead);
  }
}

/** A pipeline sink writing everything it receives to `fd`. */
export function fdSink(fd: number): (source: AsyncIterable<Buffer>) => Promise<void> {
  return async (source) => {
    for await (const chunk of source) {
      for (let off = 0; off < chunk.length; ) off += (await writeAsync(fd, chunk, off, chunk.length - off)).bytesWritten;
    }
  };
}
