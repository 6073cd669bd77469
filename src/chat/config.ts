import type { Strings } from '../strings.js';

/** Why the chat cannot start (a strings key), or '' when `url` is a ws:/wss: URL and `avatarId` is set. */
export function configProblem({ url, avatarId }: { url: string; avatarId: string }): keyof Strings | '' {
  let problem: keyof Strings | '' = '';
  try {
    if (!/^wss?:$/.test(new URL(url).protocol)) problem = 'configUrl';
  } catch {
    problem = 'configUrl';
  }
  if (!problem && !avatarId.trim()) problem = 'configAvatar';
  return problem;
}
