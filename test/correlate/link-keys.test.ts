/** The evidence that joins legs across Call-IDs, header by header (issue #3 linked legs). */
import { describe, expect, it } from 'vitest';
import { LinkIndex } from '../../server/correlate/link-index.js';
import { icidValue, linkHeaderTable, linkKeysOf, referToReplacesCallId, replacesCallId, sessionIdUuids } from '../../server/correlate/link-keys.js';
import { sipAt } from './call-fixtures.js';

describe('link keys', () => {
  it('reads both Session-ID UUIDs, lower-cased, without the null UUID (RFC 7989)', () => {
    expect(sessionIdUuids('AB30317F1A784DC48FF824D0D3715D86;remote=47755a9de7794ba387653f2099600ef2')).toEqual([
      'ab30317f1a784dc48ff824d0d3715d86',
      '47755a9de7794ba387653f2099600ef2',
    ]);
    expect(sessionIdUuids('ab30317f1a784dc48ff824d0d3715d86;remote=00000000000000000000000000000000')).toEqual(['ab30317f1a784dc48ff824d0d3715d86']);
    expect(sessionIdUuids('not-a-uuid')).toEqual([]);
  });

  it('reads icid-value, Replaces and a Refer-To embedded Replaces', () => {
    expect(icidValue('icid-value=1234bc9876e;icid-generated-at=192.0.6.8;orig-ioi=home1.net')).toBe('1234bc9876e');
    expect(icidValue('orig-ioi=home1.net')).toBeUndefined();
    expect(replacesCallId(' 425928@bobster.example.org;to-tag=7743;from-tag=6472')).toBe('425928@bobster.example.org');
    expect(referToReplacesCallId('<sip:20008910@101.231.48.19:5260?Replaces=bf3880-0%40101.231.48.19%3Bto-tag%3D41B%3Bfrom-tag%3Dbe6>')).toBe('bf3880-0@101.231.48.19');
    expect(referToReplacesCallId('<sip:carol@example.com>')).toBeUndefined();
  });

  it('finds configured headers by name in any case, and only in the message headers', () => {
    const msg = sipAt({ t: 1, src: '192.0.2.1:5060', dst: '192.0.2.2:5060' }, ['INVITE sip:b@h SIP/2.0', 'Call-ID: c', 'CSeq: 1 INVITE', 'x-cid: other@h', 'Subject: X-CID: nope']);
    expect(linkKeysOf(msg, linkHeaderTable(['X-CID']))).toEqual([{ mode: 'ref', value: 'other@h', reason: 'X-CID' }]);
  });
});

describe('link index', () => {
  it('returns the other holders of a shared key, forgets a withdrawn holder, caps holders', () => {
    const ix = new LinkIndex({ maxHolders: 2 });
    expect(ix.addShared(1, 'k')).toEqual([]);
    expect(ix.addShared(2, 'k')).toEqual([1]);
    expect(ix.addShared(3, 'k')).toEqual([1, 2]);
    ix.removeShared(1, 'k');
    expect(ix.addShared(4, 'k')).toEqual([2]);
    ix.removeShared(2, 'k');
    ix.removeShared(4, 'k');
    expect(ix.size.shared).toBe(0);
  });

  it('bounds pending Call-ID references, oldest out, counted', () => {
    const ix = new LinkIndex({ maxPending: 3 });
    for (let i = 0; i < 5; i++) ix.addPending(`cid${i}`, i, 'X-CID');
    expect(ix.size.pending).toBe(3);
    expect(ix.stats.pendingDropped).toBe(2);
    expect(ix.takePending('cid0')).toEqual([]);
    expect(ix.takePending('cid4')).toEqual([{ from: 4, reason: 'X-CID' }]);
  });
});
