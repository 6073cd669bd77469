import { expect, fixture, html } from '@open-wc/testing';
import { PanelController } from '../../src/controllers/panel-controller.js';
import { controllerHost } from '../helpers/controller-host.js';

/** A panel on a throwaway host: `floating`, `open` and `recording` as plain fields; focus moves recorded. */
async function panel({ floating = true, open = false } = {}) {
  const state = { floating, open, recording: false, cancelled: 0 };
  const focus: string[] = [];
  const host = controllerHost();
  await fixture(html`${host}`);
  const controller = new PanelController(host, {
    floating: () => state.floating,
    isOpen: () => state.open,
    setOpen: value => {
      state.open = value;
      host.requestUpdate();
    },
    recording: () => state.recording,
    cancelRecording: () => {
      state.cancelled++;
      state.recording = false;
    },
    focusInput: () => focus.push('input'),
    focusLauncher: () => focus.push('launcher'),
  });
  return { controller, state, focus, host };
}

const escape = (init: KeyboardEventInit = {}) =>
  new KeyboardEvent('keydown', { key: 'Escape', cancelable: true, ...init });

describe('PanelController', () => {
  it('counts replies while the floating panel is closed; opening it marks them seen', async () => {
    const { controller, state } = await panel();
    controller.replyArrived();
    controller.replyArrived();
    controller.update();
    expect(controller.unread).to.equal(2);
    state.open = true;
    controller.update();
    expect(controller.unread).to.equal(0);
    controller.replyArrived();
    expect(controller.unread).to.equal(0);
  });

  it('inline: nothing is ever unread', async () => {
    const { controller } = await panel({ floating: false });
    controller.replyArrived();
    expect(controller.unread).to.equal(0);
  });

  it('focus follows: the input once opened, the launcher once closed (after the render)', async () => {
    const { controller, state, focus, host } = await panel();
    controller.toggle({ open: true });
    expect(state.open).to.equal(true);
    expect(focus).to.deep.equal([]);
    await host.updateComplete;
    expect(focus).to.deep.equal(['input']);
    controller.toggle({ open: false });
    await host.updateComplete;
    expect(state.open).to.equal(false);
    expect(focus).to.deep.equal(['input', 'launcher']);
  });

  it('Escape cancels a recording first (inline or floating), then closes the floating panel', async () => {
    for (const floating of [true, false]) {
      const { controller, state } = await panel({ floating, open: true });
      state.recording = true;
      const first = escape();
      controller.handleKeydown(first);
      expect(state.cancelled, `floating: ${floating}`).to.equal(1);
      expect(state.open).to.equal(true);
      expect(first.defaultPrevented, 'used').to.equal(true);
      controller.handleKeydown(escape());
      expect(state.cancelled).to.equal(1);
      expect(state.open).to.equal(!floating);
    }
  });

  it('Escape closes the floating panel, not when already used, not inline', async () => {
    const { controller, state } = await panel({ open: true });
    const used = escape();
    used.preventDefault();
    controller.handleKeydown(used);
    expect(state.open).to.equal(true);
    controller.handleKeydown(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(state.open).to.equal(true);
    const event = escape();
    controller.handleKeydown(event);
    expect(state.open).to.equal(false);
    expect(event.cancelBubble, 'stopped: the page does not see it').to.equal(true);
    const inline = await panel({ floating: false, open: true });
    inline.controller.handleKeydown(escape());
    expect(inline.state.open).to.equal(true);
  });
});
