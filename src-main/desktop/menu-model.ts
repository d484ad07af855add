/**
 * The application menu as data: what Electron builds into native menus, and what the renderer's
 * own buttons and shortcuts trigger too. A menu item either sends an app command to the renderer
 * (the same action as the UI control) or uses a standard Electron role (copy, zoom, quit...).
 */
import type { AppCommand } from '../api/contract';

export type MenuItemModel =
  | { kind: 'command'; command: AppCommand; label: string; accelerator?: string }
  | { kind: 'role'; role: string; label?: string }
  | { kind: 'separator' }
  | { kind: 'recent' }
  | { kind: 'submenu'; label: string; items: MenuItemModel[]; role?: string };

const command = (command: AppCommand, label: string, accelerator?: string): MenuItemModel =>
  accelerator
    ? { kind: 'command', command, label, accelerator }
    : { kind: 'command', command, label };
const role = (role: string, label?: string): MenuItemModel =>
  label ? { kind: 'role', role, label } : { kind: 'role', role };
const separator: MenuItemModel = { kind: 'separator' };

/** The menus, for `platform` ('darwin' gets the app menu first, as macOS users expect). */
export function applicationMenu(platform: string): MenuItemModel[] {
  const mac = platform === 'darwin';
  const file: MenuItemModel = {
    kind: 'submenu',
    label: '&File',
    items: [
      command('open', 'Open…', 'CmdOrCtrl+O'),
      { kind: 'recent' },
      separator,
      command('save-result', 'Save Result…', 'CmdOrCtrl+S'),
      command('export-palette', 'Export Palette…', 'CmdOrCtrl+Shift+S'),
      command('export-all', 'Export All…', 'CmdOrCtrl+Alt+S'),
      separator,
      mac ? role('close') : role('quit'),
    ],
  };
  const edit: MenuItemModel = {
    kind: 'submenu',
    label: '&Edit',
    items: [
      role('undo'),
      role('redo'),
      separator,
      role('cut'),
      role('copy'),
      role('paste'),
      role('selectAll'),
    ],
  };
  const view: MenuItemModel = {
    kind: 'submenu',
    label: '&View',
    items: [
      command('zoom-in', 'Zoom In', 'CmdOrCtrl+='),
      command('zoom-out', 'Zoom Out', 'CmdOrCtrl+-'),
      command('zoom-fit', 'Fit to Window', 'CmdOrCtrl+0'),
      command('zoom-actual', 'Actual Size (100 %)', 'CmdOrCtrl+1'),
      separator,
      command('toggle-split', 'Split View', 'CmdOrCtrl+\\'),
      command('toggle-theme', 'Switch Light/Dark Theme', 'CmdOrCtrl+Shift+T'),
      separator,
      role('togglefullscreen'),
    ],
  };
  const help: MenuItemModel = {
    kind: 'submenu',
    label: '&Help',
    role: 'help',
    items: [
      command('show-shortcuts', 'Keyboard Shortcuts', 'F1'),
      command('show-about', 'About Palettize and Licences'),
    ],
  };
  const appMenu: MenuItemModel = {
    kind: 'submenu',
    label: 'Palettize',
    role: 'appMenu',
    items: [
      command('show-about', 'About Palettize'),
      separator,
      role('hide'),
      role('hideOthers'),
      role('unhide'),
      separator,
      role('quit'),
    ],
  };
  return mac
    ? [
        appMenu,
        file,
        edit,
        view,
        { kind: 'submenu', label: 'Window', role: 'windowMenu', items: [] },
        help,
      ]
    : [file, edit, view, help];
}

/** Every command the menus can send, each once. */
export function menuCommands(items: MenuItemModel[]): AppCommand[] {
  const found = new Set<AppCommand>();
  const walk = (list: MenuItemModel[]) => {
    for (const item of list) {
      if (item.kind === 'command') found.add(item.command);
      if (item.kind === 'submenu') walk(item.items);
    }
  };
  walk(items);
  return [...found];
}
