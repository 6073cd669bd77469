import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { ChatMessage } from '../src/chat/conversation.js';
import { ActionEvent } from '../src/components/actions.js';
import type { VoiceMode } from '../src/names.js';
import { defaultStrings } from '../src/strings.js';
import { VoiceTurnController, type VoiceTurnOptions } from '../src/voice-turn-controller.js';
import { parseWav } from './helpers/audio.js';
import { controllerHost } from './helpers/controller-host.js';

/**
 * A VoiceTurnController on a throwaway host, recording the fake microphone (a known tone). What leaves it is logged
 * in order: events it emits, recording changes, barge-ins, failures, the level meter's reset; sent WAVs are kept.
 */
async function voiceTurns(options: Partial<VoiceTurnOptions> & { voice?: VoiceMode } = {}) {
  const log: string[] = [];
  const sent: Uint8Array[] = [];
  const host = controllerHost();
  await fixture(html`${host}`);
  const controller = new VoiceTurnController(host, {
    mode: () => options.voice ?? 'push-to-talk',
    disabled: () => false,
    workletUrl: () => undefined,
    maxMs: () => 30_000,
    showLevel: (level, turnMs) => {
      if (level === 0 && turnMs === 0) log.push('level:reset');
    },
    sendVoice: wav => {
      sent.push(wav);
      return { id: `v${sent.length}` } as ChatMessage;
    },
    drained: () => Promise.resolve(),
    bargeIn: () => log.push('bargeIn'),
    failures: { report: (code, message, { blocking }) => log.push(`error:${code}:${message}:${blocking}`) },
    strings: () => defaultStrings,
    emit: (name, detail) => log.push(`${name}:${JSON.stringify(detail)}`) > 0,
    onRecordingChange: recording => log.push(`recording:${recording}`),
    ...options,
  });
  return { controller, log, sent };
}

const names = (log: string[]) => log.map(line => line.split(':{')[0]);

describe('VoiceTurnController', () => {
  afterEach(() => sinon.restore());

  it('push-to-talk: the reply stops, the mic opens, and what was said goes out as a 16 kHz mono WAV', async () => {
    const { controller, log, sent } = await voiceTurns();
    await controller.start();
    expect(controller.recording).to.be.true;
    expect(names(log)).to.deep.equal(['bargeIn', 'recording:true', 'recordStart']);
    await new Promise(resolve => setTimeout(resolve, 600));
    await controller.stop();
    await waitUntil(() => log.some(line => line.startsWith('recordStop')), 'recordStop', { timeout: 4000 });
    expect(sent).to.have.length(1);
    const wav = parseWav(sent[0]);
    expect(wav).to.include({ sampleRate: 16000, channels: 1 });
    const stop = JSON.parse(log.at(-1)!.slice('recordStop:'.length));
    expect(stop).to.include({ bytes: sent[0].length, sent: true });
    expect(stop.durationMs).to.be.within(400, 2000);
    expect(names(log).slice(3)).to.deep.equal(['recording:false', 'level:reset', 'recordStop']);
    expect(controller.recording).to.be.false;
  });

  it('cancelled: nothing is sent; record-stop says so', async () => {
    const { controller, log, sent } = await voiceTurns();
    await controller.start();
    await new Promise(resolve => setTimeout(resolve, 300));
    controller.cancel();
    await waitUntil(() => log.some(line => line.startsWith('recordStop')), 'recordStop', { timeout: 4000 });
    expect(sent).to.deep.equal([]);
    expect(JSON.parse(log.at(-1)!.slice('recordStop:'.length))).to.include({ bytes: 0, sent: false });
  });

  it('a send listener that cancels the turn: record-stop says it was not sent', async () => {
    const { controller, log } = await voiceTurns({ sendVoice: () => null });
    await controller.start();
    await new Promise(resolve => setTimeout(resolve, 300));
    await controller.stop();
    await waitUntil(() => log.some(line => line.startsWith('recordStop')), 'recordStop', { timeout: 4000 });
    expect(JSON.parse(log.at(-1)!.slice('recordStop:'.length))).to.include({ sent: false });
  });

  it('voice off or disabled: start does nothing (no barge-in, no microphone)', async () => {
    const gum = sinon.spy(navigator.mediaDevices, 'getUserMedia');
    for (const options of [{ voice: 'off' as const }, { disabled: () => true }]) {
      const { controller, log } = await voiceTurns(options);
      await controller.start();
      expect(controller.recording).to.be.false;
      expect(log).to.deep.equal([]);
    }
    expect(gum.called).to.be.false;
  });

  it('a refused microphone: start rejects with the reason, which is reported (blocking) and kept', async () => {
    sinon.stub(navigator.mediaDevices, 'getUserMedia').rejects(new DOMException('x', 'NotAllowedError'));
    const { controller, log } = await voiceTurns();
    let error: Error | undefined;
    await controller.start().catch((e: Error) => (error = e));
    expect(controller.problem).to.equal(defaultStrings.micDenied);
    expect(error?.message).to.equal(defaultStrings.micDenied);
    expect(log).to.deep.equal(['bargeIn', `error:mic-permission:${defaultStrings.micDenied}:true`]);
  });

  it('composer gestures: toggle opens the mic, toggle again stops and sends', async () => {
    const { controller, sent } = await voiceTurns();
    controller.handleMicAction(new ActionEvent('mic', { action: 'toggle' }));
    await waitUntil(() => controller.recording, 'open', { timeout: 4000 });
    await new Promise(resolve => setTimeout(resolve, 300));
    controller.handleMicAction(new ActionEvent('mic', { action: 'toggle' }));
    await waitUntil(() => sent.length === 1, 'sent', { timeout: 4000 });
  });
});
