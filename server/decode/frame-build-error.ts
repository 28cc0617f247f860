/** A frame builder was asked for something impossible (bad address, oversize packet). */
export class FrameBuildError extends Error {
  override readonly name = 'FrameBuildError';
}
