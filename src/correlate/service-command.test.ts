import { describe, expect, it } from 'vitest';
import { serviceCommandOf } from './service-command.js';

describe('serviceCommandOf', () => {
  it('reads net start/stop names with spaces, leaving out switches', () => {
    const net = 'C:\\Windows\\System32\\net.exe';
    expect(serviceCommandOf(net, 'net stop MSSQLSERVER /y')).toEqual({
      verb: 'net stop',
      service: 'mssqlserver',
      step: 'cleanup',
    });
    expect(serviceCommandOf(net, 'net start "Contoso Backup" /y')?.service).toBe('contoso backup');
    expect(serviceCommandOf(net, 'net stop /y')).toBeUndefined();
  });

  it('reads sc.exe against a remote host and systemctl with options', () => {
    expect(serviceCommandOf('C:\\Windows\\System32\\sc.exe', 'sc \\\\fs01 start evil')).toEqual({
      verb: 'sc start',
      service: 'evil',
      step: 'start',
    });
    expect(serviceCommandOf('/usr/bin/systemctl', 'systemctl --user enable --now x.service')).toEqual({
      verb: 'systemctl enable',
      service: 'x',
      step: 'start',
    });
  });
});
