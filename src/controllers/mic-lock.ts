/** Something that records and can be asked to stop (one widget's microphone). */
export interface MicHolder {
  stop(): Promise<void>;
}

/** Only one widget on a page records at a time. */
let holder: MicHolder | undefined;

/** Takes the page's microphone for `next`: a recording of another widget is stopped (and sent) first. */
export async function claimMic(next: MicHolder): Promise<void> {
  if (holder && holder !== next) await holder.stop();
  holder = next;
}

/** Gives the microphone back (a no-op when `owner` does not hold it). */
export function releaseMic(owner: MicHolder): void {
  if (holder === owner) holder = undefined;
}
