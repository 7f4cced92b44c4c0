import { errorText } from './record-fs.ts';

/** A recording failure, reported through the writer's onError (and shown as a problem). */
export interface RecordError {
  episodeId: string;
  file: string;
  /** errno code such as ENOSPC or EIO; null when there is none. */
  code: string | null;
  message: string;
  hint: string;
}

/** Says in words what a failed write means for the user. */
export function describeWriteError(code: string | null, err: unknown): string {
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is used up (EDQUOT)';
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'EIO':
      return `the disk reported an I/O error (EIO): ${errorText(err)}`;
    default:
      return errorText(err);
  }
}
