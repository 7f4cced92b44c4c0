/** A one-line progress bar on a terminal stream; silent when given none. */
export function progressBar(stream: NodeJS.WriteStream | null, total: number): { update(done: number, label: string): void; done(line: string): void } {
  const tty = stream?.isTTY ?? false;
  return {
    update(done, label) {
      if (!stream) return;
      const width = 24;
      const filled = Math.round((done / Math.max(1, total)) * width);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${label}`;
      stream.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
    },
    done(line) {
      if (!stream) return;
      stream.write(tty ? `\r${line}\x1b[K\n` : `${line}\n`);
    },
  };
}
