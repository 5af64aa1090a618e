/**
 * Cuts model text into sentences as it streams, so each can be verified before it is sent.
 *
 * A sentence ends at 。！？；!? or a line break, or at ". " (not after a list number like
 * "1." and not inside "23.4"). Citation markers and whitespace right after the end belong
 * to the sentence ("…30%。[2][3]" is one sentence citing [2] and [3]), so a sentence is
 * complete only once the next non-space, non-marker character has arrived (or the text
 * ended). The pieces joined are exactly the text pushed.
 */
const HARD_END = /[。！？；!?\n]/u;
const ABBREVIATIONS = /(?:^|[\s(（])(?:e\.g|i\.e|etc|vs|no|approx|cf|fig|art|para)$/iu;
const TRAILER = /^(?:[ \t\r\n\u3000]*\[\d+\])*[ \t\r\n\u3000]*/u;

export class SentenceCutter {
  private buffer = '';
  /** Where to look for the next sentence end (everything before it has been checked). */
  private scanFrom = 0;

  /** Adds text; returns the sentences it completed, in order. */
  push(text: string): string[] {
    this.buffer += text;
    const pieces: string[] = [];
    for (;;) {
      const end = this.nextEnd();
      if (end === undefined) break;
      pieces.push(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end);
      this.scanFrom = 0;
    }
    return pieces;
  }

  /** The text left when the stream ends (a last sentence without an end mark), or ''. */
  end(): string {
    const rest = this.buffer;
    this.buffer = '';
    this.scanFrom = 0;
    return rest;
  }

  /** Index just past the first complete sentence (with its markers and spaces), or undefined. */
  private nextEnd(): number | undefined {
    const text = this.buffer;
    for (let i = this.scanFrom; i < text.length; i++) {
      const char = text[i]!;
      let isEnd = HARD_END.test(char);
      if (!isEnd && char === '.') {
        const next = text[i + 1];
        if (next === undefined) {
          this.scanFrom = i;
          return undefined; // cannot tell yet: "23." may become "23.4"
        }
        isEnd = /[\s[]/u.test(next) && !this.isListNumberOrAbbreviation(i);
      }
      if (!isEnd) continue;
      const after = i + 1;
      const trailer = TRAILER.exec(text.slice(after))![0];
      const stop = after + trailer.length;
      // More markers or spaces may still come, or a marker is half-written ("[1").
      if (stop >= text.length || /^\[\d*$/u.test(text.slice(stop))) {
        this.scanFrom = i;
        return undefined;
      }
      return stop;
    }
    this.scanFrom = text.length;
    return undefined;
  }

  private isListNumberOrAbbreviation(dot: number): boolean {
    const lineStart = this.buffer.lastIndexOf('\n', dot - 1) + 1;
    const before = this.buffer.slice(lineStart, dot);
    return /^\s*(?:\d{1,2}|[a-z]|[ivx]{1,4})$/iu.test(before) || ABBREVIATIONS.test(before);
  }
}

/** The sentences of a whole text, cut as `SentenceCutter` cuts a stream of it. */
export function splitSentences(text: string): string[] {
  const cutter = new SentenceCutter();
  const pieces = cutter.push(text);
  const rest = cutter.end();
  if (rest) pieces.push(rest);
  return pieces;
}
