import { Transform } from "node:stream";

/**
 * A pass-through for the HTML stream that drops 0x00 bytes.
 *
 * React 18.3's `renderToPipeableStream` (react-dom/server.node, `writeStringChunk`) encodes text into a 2 KB buffer;
 * when a multi-byte (Chinese) character does not fit the buffer's rest, it sends the WHOLE buffer, unwritten zero
 * tail included, and encodes the character again at the start of the next buffer (facebook/react #24985, #27554;
 * fixed in React 19, which Remix 2 refuses). So the bytes it adds are extra: no byte of the page is replaced, and
 * dropping every 0x00 gives back exactly the page React meant. In UTF-8 a 0x00 byte is only ever U+0000 itself
 * (never part of a longer character), and U+0000 has no place in an HTML page (browsers show it as "�" or drop it),
 * so nothing a reader could see is lost.
 */
export function createNulFilter(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let at = chunk.indexOf(0);
      if (at === -1) return callback(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length);
      let length = 0;
      let from = 0;
      while (at !== -1) {
        length += chunk.copy(out, length, from, at);
        from = at + 1;
        at = chunk.indexOf(0, from);
      }
      length += chunk.copy(out, length, from);
      callback(null, out.subarray(0, length));
    },
  });
}
