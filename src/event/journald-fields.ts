/**
 * systemd journal facts as data: the catalog MESSAGE_IDs of unit lifecycle messages
 * (systemd's `catalog/systemd.catalog.in`, as systemd 252 writes them) and the fields svchunt
 * derives from an entry so rules about units stay short. Journal fields keep their own names
 * (`MESSAGE`, `_SYSTEMD_UNIT`, `_CMDLINE` …); the derived ones are CamelCase so they never clash:
 *
 * - `Unit`: the unit the entry is about — `UNIT` (system manager messages), `USER_UNIT` (a user
 *   manager's), else the unit the writing process runs in (`_SYSTEMD_USER_UNIT` inside a user
 *   manager, `_SYSTEMD_UNIT`);
 * - `UnitManager`: `system` or `user`, whose service manager the unit belongs to;
 * - `UnitType`: the unit name's suffix (`service`, `scope`, `timer` …);
 * - `UnitEvent`: the lifecycle step named by `MESSAGE_ID` (table below);
 * - `UnitDescription`: from "Started/Starting/Stopping/Stopped UNIT - DESCRIPTION." messages. A
 *   transient unit made by `systemd-run` without `--description` is described by its command
 *   line, so this is where the journal shows what a transient unit runs;
 * - `UnitTransient`: `systemd-run` when the unit has the name systemd-run gives a transient unit
 *   without `--unit=` (`run-r<32 hex>.service`, `run-u<N>.scope` …). A transient unit given a
 *   name of its own cannot be told from a unit file by its journal entries.
 */

/** Unit lifecycle MESSAGE_IDs → `UnitEvent` (every one the corpus exports use, and two more of the catalog). */
export const JOURNALD_UNIT_EVENTS: Readonly<Record<string, string>> = {
  '7d4958e842da4a758f6c1cdc7b36dcc5': 'starting',
  '39f53479d3a045ac8e11786248231fbf': 'started',
  de5b426a63be47a7b6ac3eaac82e2f6f: 'stopping',
  '9d1aaa27d60140bd96365438aad20286': 'stopped',
  be02cf6855d2428ba40df7e9d022f03d: 'failed',
  d9b373ed55a64feb8242e02dbe79a49c: 'failed',
  '7ad2d189f7e94e70a38c781354912448': 'deactivated',
  '98e322203f7a4ed290d09fe03c09fe15': 'exited',
  '641257651c1b4ec9a8624d7a40a9e1e7': 'spawn-failed',
  '5eb03494b6584870a536b337290809b3': 'restart-scheduled',
};

/** Lifecycle messages that name the unit and its description, as systemd 249+ writes them. */
export const JOURNALD_DESCRIBED_MESSAGES: readonly string[] = ['Started ', 'Starting ', 'Stopping ', 'Stopped '];

/** Names systemd-run gives transient units when `--unit=` is not given (systemd-run(1)). */
export const JOURNALD_SYSTEMD_RUN_UNIT = /^run-(?:[rup]?[0-9a-f]{32}|[rup]\d+)\.(?:service|scope|timer|path|socket)$/;

/** Journal fields that hold microseconds since the epoch (the entry's time, best first). */
export const JOURNALD_TIME_FIELDS: readonly string[] = ['__REALTIME_TIMESTAMP', '_SOURCE_REALTIME_TIMESTAMP'];
