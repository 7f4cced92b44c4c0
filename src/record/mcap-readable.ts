import { McapIndexedReader } from '@mcap/core';
import type { IReadable } from '@mcap/core';
import type { RecordFile } from './record-fs.ts';

/** @mcap/core's random-access view of a RecordFile. */
export function mcapReadable(file: RecordFile): IReadable {
  return {
    size: async () => BigInt(await file.size()),
    read: async (offset, length) => {
      const bytes = await file.read(Number(offset), Number(length));
      if (bytes.byteLength !== Number(length)) {
        throw new Error(`file ends at ${Number(offset) + bytes.byteLength}, before byte ${Number(offset) + Number(length)}`);
      }
      return bytes;
    },
  };
}

/** Opens an indexed (finished) MCAP file with @mcap/core's own reader; throws when it is not one. */
export function openIndexed(file: RecordFile): Promise<McapIndexedReader> {
  return McapIndexedReader.Initialize({ readable: mcapReadable(file) });
}
