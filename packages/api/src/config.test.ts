import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('configuration', () => {
  it('has documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATA_DIR: '.data/pglite',
      LOG_LEVEL: 'info',
      WORKER: 'inline',
      SYNC_ALLOW_HOSTS: [],
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });
  it('parses the sync allow-list and refuses entries that could never match', () => {
    expect(
      loadConfig({ SYNC_ALLOW_HOSTS: '127.0.0.1, 10.0.0.0/8,calendar.internal,::1' })
        .SYNC_ALLOW_HOSTS,
    ).toEqual(['127.0.0.1', '10.0.0.0/8', 'calendar.internal', '::1']);
    expect(() => loadConfig({ SYNC_ALLOW_HOSTS: '10.0.0.0/99' })).toThrow(/SYNC_ALLOW_HOSTS/);
    expect(() => loadConfig({ SYNC_ALLOW_HOSTS: 'not a host' })).toThrow(/SYNC_ALLOW_HOSTS/);
  });
  it('trusts X-Forwarded-For only with the proxies named', () => {
    expect(() => loadConfig({ TRUST_PROXY_HOPS: '1' })).toThrow(/TRUST_PROXY_CIDRS: required/);
    expect(() => loadConfig({ TRUST_PROXY_HOPS: '1', TRUST_PROXY_CIDRS: '10.0.0.0/33' })).toThrow(
      /TRUST_PROXY_CIDRS/,
    );
    const config = loadConfig({ TRUST_PROXY_HOPS: '1', TRUST_PROXY_CIDRS: '10.0.0.0/8, fd00::/8' });
    expect(config.TRUST_PROXY_CIDRS).toEqual(['10.0.0.0/8', 'fd00::/8']);
  });
  it('drains for 25 s on shutdown unless told otherwise', () => {
    expect(loadConfig({}).SHUTDOWN_GRACE_MS).toBe(25_000);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '5000' }).SHUTDOWN_GRACE_MS).toBe(5000);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '-1' })).toThrow(/SHUTDOWN_GRACE_MS/);
  });
  it('fails fast with every bad setting named', () => {
    expect(() =>
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }),
    ).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*LOG_LEVEL/);
  });
});
