/**
 * Which reply's media plays, where, and which replies have played (their button says "Play again"). No DOM: the
 * stage plays, and tells the element when a reply starts and ends.
 */
export class Playback {
  /** The reply whose media plays ('' when none). */
  playingId = '';
  /** It plays on the stage (false: the stage is hidden, and the header shows the speaking indicator). */
  onStage = false;
  /** Replies whose media has played (a new set at each change: the snapshot compares by identity). */
  played: ReadonlySet<string> = new Set();

  /** The speaking indicator shows in the header: a reply plays while the stage is hidden. */
  get inHeader(): boolean {
    return !!this.playingId && !this.onStage;
  }

  /** A reply's media started. */
  start(id: string, { onStage }: { onStage: boolean }): void {
    this.onStage = onStage;
    if (!this.played.has(id)) this.played = new Set([...this.played, id]);
    this.playingId = id;
  }

  /** A reply's media ended or was stopped; false when another reply plays by now (nothing changed). */
  end(id: string): boolean {
    if (this.playingId !== id) return false;
    this.playingId = '';
    return true;
  }

  /** A new conversation: no reply has played. */
  forgetPlayed(): void {
    this.played = new Set();
  }
}
