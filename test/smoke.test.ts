import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import source from 'avatar-chat:worklet-source';

describe('test infrastructure', () => {
  it('reaches the chat server plugin and the worklet source', async () => {
    expect(await executeServerCommand<number, unknown>('chat-port')).to.be.a('number');
    expect(source).to.be.a('string');
  });
});
