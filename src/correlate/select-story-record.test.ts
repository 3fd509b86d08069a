/** Which events become story records, and what the records keep. */
import { describe, expect, it } from 'vitest';
import { selectStoryRecord, serviceKeyFromBinary } from './select-story-record.js';
import { linuxEvent, windowsEvent } from './story-test-events.js';

describe('selectStoryRecord', () => {
  it('keeps a 7036 with the service key name read from its Binary data', () => {
    const r = selectStoryRecord(
      windowsEvent(0, {
        Channel: 'System',
        EventID: 7036,
        param1: 'Contoso Backup Agent',
        param2: 'running',
        Binary: '43006F006E0074006F0073006F004200610063006B00750070004100670065006E0074002F0034000000',
      }),
      'evtx',
    );
    expect(r).toMatchObject({
      kind: 'service-state',
      service: 'Contoso Backup Agent',
      serviceKey: 'ContosoBackupAgent',
      state: 'running',
    });
    expect(serviceKeyFromBinary('zz')).toBeNull();
  });

  it('keeps admin-share access and unusual pipes, not routine RPC pipes or other shares', () => {
    const share = (ShareName: string, RelativeTargetName: string) =>
      selectStoryRecord(
        windowsEvent(0, {
          Channel: 'Security',
          EventID: 5145,
          ShareName,
          RelativeTargetName,
          SubjectUserName: 'u',
          SubjectLogonId: '0x1',
        }),
        'evtx',
      )?.kind;
    expect(share('\\\\*\\ADMIN$', 'PSEXESVC.exe')).toBe('share');
    expect(share('\\\\*\\IPC$', 'svcctl')).toBe('share');
    expect(share('\\\\*\\IPC$', 'PSEXESVC-WS-ADM-07-4512-stdin')).toBe('share');
    expect(share('\\\\*\\IPC$', 'samr')).toBeUndefined();
    expect(share('\\\\*\\SYSVOL', 'x\\gpt.ini')).toBeUndefined();
  });

  it('reads 4688 pids as hex (new process, creator) and the parent name when there is one', () => {
    const r = selectStoryRecord(
      windowsEvent(0, {
        Channel: 'Security',
        EventID: 4688,
        NewProcessId: '0x1a2c',
        ProcessId: '0x2a0',
        NewProcessName: 'C:\\Windows\\PSEXESVC.exe',
        ParentProcessName: 'C:\\Windows\\System32\\services.exe',
        SubjectUserName: 'FS01$',
        SubjectDomainName: 'CORP',
        SubjectLogonId: '0x3e7',
        TargetUserName: '-',
      }),
      'evtx',
    );
    expect(r).toMatchObject({
      kind: 'process',
      pid: 0x1a2c,
      ppid: 0x2a0,
      image: 'C:\\Windows\\PSEXESVC.exe',
      parentImage: 'C:\\Windows\\System32\\services.exe',
      user: 'CORP\\FS01$',
    });
  });

  it('keeps Sysmon registry events of a service key, not of its parameters', () => {
    const reg = (TargetObject: string, EventType: string, EventID = 13) =>
      selectStoryRecord(
        windowsEvent(0, {
          Channel: 'Microsoft-Windows-Sysmon/Operational',
          EventID,
          TargetObject,
          EventType,
          Details: 'x',
          Image: 'C:\\Windows\\System32\\services.exe',
        }),
        'evtx',
      );
    expect(reg('HKLM\\System\\CurrentControlSet\\Services\\UpdSvc\\ImagePath', 'SetValue')).toMatchObject({
      service: 'UpdSvc',
      value: 'ImagePath',
      operation: 'set',
    });
    expect(reg('HKLM\\System\\CurrentControlSet\\Services\\Updater', 'DeleteKey', 12)).toMatchObject({
      service: 'Updater',
      value: null,
      operation: 'delete',
    });
    expect(reg('HKLM\\System\\CurrentControlSet\\Services\\Updater', 'INFO', 12)).toMatchObject({ operation: 'key' });
    expect(reg('HKLM\\System\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Hostname', 'SetValue')).toBeUndefined();
  });

  it('keeps only network and remote interactive logons', () => {
    const logon = (LogonType: number) =>
      selectStoryRecord(
        windowsEvent(0, { Channel: 'Security', EventID: 4624, LogonType, TargetLogonId: '0x5', TargetUserName: 'u' }),
        'evtx',
      )?.kind;
    expect(logon(3)).toBe('logon');
    expect(logon(10)).toBe('logon');
    expect(logon(5)).toBeUndefined();
  });

  it('keeps Linux process starts and unit files, naming a drop-in after its unit', () => {
    expect(
      selectStoryRecord(
        linuxEvent(0, 'process_creation', {
          ProcessId: 4100,
          ParentProcessId: 1,
          Image: '/usr/bin/bash',
          CommandLine: 'bash -c x',
        }),
        'auditd',
      ),
    ).toMatchObject({ kind: 'process', pid: 4100, ppid: 1 });
    expect(
      selectStoryRecord(
        linuxEvent(0, 'file_event', { TargetFilename: '/etc/systemd/system/cron.service.d/nice.conf' }),
        'auditd',
      ),
    ).toMatchObject({ kind: 'unit-file', unit: 'cron.service' });
    expect(
      selectStoryRecord(linuxEvent(0, 'file_event', { TargetFilename: '/home/u/notes.txt' }), 'auditd'),
    ).toBeUndefined();
  });

  it('reads a 7036 state from its Binary code, whatever language param2 is in', () => {
    const utf16Hex = (text: string): string => Buffer.from(`${text}\0`, 'utf16le').toString('hex').toUpperCase();
    const state = (param2: string, binary: string) =>
      selectStoryRecord(
        windowsEvent(0, { Channel: 'System', EventID: 7036, param1: 'evil', param2, Binary: binary }),
        'evtx',
      );
    expect(state('Beendet', utf16Hex('evil/1'))).toMatchObject({ serviceKey: 'evil', state: 'stopped' });
    expect(state('Wird ausgeführt', utf16Hex('evil/4'))).toMatchObject({ state: 'running' });
    expect(state('running', 'zz')).toMatchObject({ serviceKey: null, state: 'running' });
  });

  it('keeps ServiceDll under a service’s Parameters key', () => {
    const registry = (TargetObject: string) =>
      selectStoryRecord(
        windowsEvent(0, {
          Channel: 'Microsoft-Windows-Sysmon/Operational',
          EventID: 13,
          EventType: 'SetValue',
          TargetObject,
          Details: 'C:\\evil.dll',
          Image: 'C:\\Windows\\regedit.exe',
        }),
        'evtx',
      );
    expect(registry('HKLM\\System\\CurrentControlSet\\Services\\evilsvc\\Parameters\\ServiceDll')).toMatchObject({
      kind: 'service-registry',
      service: 'evilsvc',
      value: 'ServiceDll',
    });
    expect(registry('HKLM\\System\\CurrentControlSet\\Services\\evilsvc\\Parameters\\Other')).toBeUndefined();
  });

  it('names an init script by its file and a drop-in by the unit its folder names', () => {
    const unit = (TargetFilename: string) =>
      (
        selectStoryRecord(linuxEvent(0, 'file_event', { TargetFilename, Image: '/usr/bin/cp' }), 'auditd') as {
          unit?: string;
        }
      )?.unit;
    expect(unit('/etc/init.d/evil')).toBe('evil');
    expect(unit('/etc/systemd/system/cron.service.d/nice.conf')).toBe('cron.service');
    expect(unit('/etc/systemd/system/evil.service')).toBe('evil.service');
  });
});
