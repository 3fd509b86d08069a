/** Service programs against the processes that ran them, from the corpus chains. */
import { describe, expect, it } from 'vitest';
import { serviceCommandOf } from './service-command.js';
import { normalizeCommand, runsServiceProgram } from './service-image.js';

describe('runsServiceProgram', () => {
  it('expands %SystemRoot% (PsExec) and %COMSPEC% with arguments (Empire)', () => {
    expect(
      runsServiceProgram('%SystemRoot%\\PSEXESVC.exe', 'C:\\Windows\\PSEXESVC.exe', 'C:\\Windows\\PSEXESVC.exe'),
    ).toBe(true);
    expect(
      runsServiceProgram(
        '%COMSPEC% /C start /b C:\\Windows\\System32\\WindowsPowershell\\v1.0\\powershell -noP -sta -w 1 -enc  SQBm',
        'C:\\Windows\\System32\\cmd.exe',
        'C:\\windows\\system32\\cmd.exe /C start /b C:\\Windows\\System32\\WindowsPowershell\\v1.0\\powershell -noP -sta -w 1 -enc  SQBm',
      ),
    ).toBe(true);
  });

  it('expands %TEMP% as LocalSystem sees it (smbexec) and reads Sysmon’s doubled %%', () => {
    expect(
      runsServiceProgram(
        '%COMSPEC% /Q /c echo cd  ^> \\\\127.0.0.1\\C$\\__output 2^>^&1 > %TEMP%\\execute.bat & %COMSPEC% /Q /c %TEMP%\\execute.bat',
        'C:\\Windows\\System32\\cmd.exe',
        'C:\\Windows\\system32\\cmd.exe /Q /c echo cd  ^> \\\\127.0.0.1\\C$\\__output 2^>^&1 > C:\\Windows\\TEMP\\execute.bat & C:\\Windows\\system32\\cmd.exe /Q /c C:\\Windows\\TEMP\\execute.bat',
      ),
    ).toBe(true);
    expect(normalizeCommand('%%COMSPEC%% /C x')).toBe('c:\\windows\\system32\\cmd.exe /c x');
  });

  it('matches a bare program name by file name (Metasploit getsystem) but not other arguments', () => {
    const image = 'cmd.exe /c echo hgabms > \\\\.\\pipe\\hgabms';
    expect(
      runsServiceProgram(image, 'C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c echo hgabms > \\\\.\\pipe\\hgabms'),
    ).toBe(true);
    expect(runsServiceProgram(image, 'C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c whoami')).toBe(false);
  });

  it('needs the same folder when the service names one', () => {
    expect(runsServiceProgram('C:\\Users\\Public\\svc.exe', 'C:\\Users\\Public\\svc.exe', null)).toBe(true);
    expect(runsServiceProgram('C:\\Users\\Public\\svc.exe', 'C:\\Temp\\svc.exe', null)).toBe(false);
    expect(
      runsServiceProgram(
        '"C:\\Program Files\\Contoso\\agent.exe" --service',
        'C:\\Program Files\\Contoso\\agent.exe',
        '"C:\\Program Files\\Contoso\\agent.exe" --service',
      ),
    ).toBe(true);
  });
});

describe('serviceCommandOf', () => {
  it('reads sc, net, systemctl and PowerShell service commands', () => {
    expect(
      serviceCommandOf('C:\\Windows\\System32\\sc.exe', 'sc.exe create UpdSvc binPath= "C:\\Users\\Public\\svc.exe"'),
    ).toEqual({ verb: 'sc create', service: 'updsvc', step: 'install' });
    expect(serviceCommandOf('C:\\Windows\\System32\\sc.exe', 'sc \\\\fs01 start UpdSvc')?.step).toBe('start');
    expect(serviceCommandOf('C:\\Windows\\System32\\net.exe', 'net stop "Contoso Backup"')).toEqual({
      verb: 'net stop',
      service: 'contoso backup',
      step: 'cleanup',
    });
    expect(serviceCommandOf('/usr/bin/systemctl', 'systemctl --now enable /tmp/evil.service')).toEqual({
      verb: 'systemctl enable',
      service: 'evil',
      step: 'start',
    });
    expect(serviceCommandOf('/usr/bin/systemctl', 'systemctl daemon-reload')).toEqual({
      verb: 'systemctl daemon-reload',
      service: null,
      step: 'install',
    });
    expect(
      serviceCommandOf(
        'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        'powershell New-Service -Name "hackervirus" -BinaryPathName virus.exe',
      )?.service,
    ).toBe('hackervirus');
    expect(serviceCommandOf('C:\\Windows\\System32\\sc.exe', 'sc query')).toBeUndefined();
  });
});
