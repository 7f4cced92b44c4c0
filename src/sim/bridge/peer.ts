/**
 * One outgoing frame, encoded once and shared by every subscriber it goes to: the
 * delivery path serialises a message once per topic, not once per socket.
 */
export class OutFrame {
  private encoded: Uint8Array | undefined;

  constructor(readonly text: string) {}

  bytes(): Uint8Array {
    return (this.encoded ??= encoder.encode(this.text));
  }
}

const encoder = new TextEncoder();

/** A connected client as the broker sees it; the socket stays behind this. */
export interface Peer {
  readonly id: number;
  send(frame: OutFrame): void;
  /** Ends the connection (e.g. for a flood of bad frames). */
  close(code: number, reason: string): void;
  /** Something the host should log about this client (e.g. messages dropped for memory). */
  note?(line: string): void;
}
