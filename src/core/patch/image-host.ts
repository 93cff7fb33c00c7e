// A FileHost that serves in-memory post-images for the paths a patch touches
// and the underlying host (the disk) for everything else, so the header model
// analyzes what a patch would produce without writing a file.

import { resolve } from 'node:path';
import { statOf } from '../host/query';
import type { DirEntry, FileHost, FileStat } from '../host/types';
import type { ImageLine } from './apply';

export class ImageHost implements FileHost {
  private readonly images = new Map<string, string | null>();
  private stamp = 0;

  constructor(private readonly base: FileHost) {}

  /** Serves `lines` at path; `undefined` lines mean the patch deleted the file. */
  set(path: string, lines: readonly ImageLine[] | undefined): void {
    this.images.set(resolve(path), lines ? imageText(lines) : null);
    this.stamp++;
  }

  readFile(path: string): string | undefined {
    const image = this.images.get(resolve(path));
    if (image !== undefined) return image ?? undefined;
    return this.base.readFile(path);
  }

  fileExists(path: string): boolean {
    const image = this.images.get(resolve(path));
    if (image !== undefined) return image !== null;
    return this.base.fileExists(path);
  }

  version(path: string): string | undefined {
    if (this.images.has(resolve(path))) return `patch-image:${this.stamp}`;
    return this.base.version?.(path);
  }

  stat(path: string): FileStat | undefined {
    const image = this.images.get(resolve(path));
    if (image !== undefined)
      return image === null ? undefined : { kind: 'file', size: Buffer.byteLength(image) };
    return statOf(this.base, path);
  }

  listDir(path: string): DirEntry[] | undefined {
    return this.base.listDir?.(path);
  }

  realpath(path: string): string | undefined {
    return this.base.realpath ? this.base.realpath(path) : undefined;
  }
}

export function imageText(lines: readonly ImageLine[]): string {
  return lines.length ? `${lines.map((l) => l.text).join('\n')}\n` : '';
}

/** Base lines of a text, untagged. */
export function baseImage(text: string): ImageLine[] {
  const lines = text.split('\n').map((t) => ({ text: t.endsWith('\r') ? t.slice(0, -1) : t }));
  if (lines.length && lines[lines.length - 1].text === '' && text.endsWith('\n')) lines.pop();
  return lines;
}
