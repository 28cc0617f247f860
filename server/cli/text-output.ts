/**
 * Buffered text output for the CLI: lines are gathered and written in large chunks, because a
 * write per message costs more than formatting it. stdout to a pipe or file is synchronous on
 * Linux, so a chunk is out of the process when write() returns. A closed pipe (`| head`) ends
 * the process quietly, as Unix tools do.
 */
const CHUNK = 64 * 1024;

export class TextOutput {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.stream.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}
