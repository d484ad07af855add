/** Builds the native application menu from the menu model (src-main/desktop/menu-model). */
import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../api/contract';
import { applicationMenu, type MenuItemModel } from '../desktop/menu-model';

export function installApplicationMenu(onCommand: (command: AppCommand) => void): void {
  const template = applicationMenu(process.platform).map((item) => toElectron(item, onCommand));
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function toElectron(
  item: MenuItemModel,
  onCommand: (command: AppCommand) => void,
): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'role':
      return { role: item.role as MenuItemConstructorOptions['role'], label: item.label };
    case 'recent':
      // macOS keeps the list itself; elsewhere app.addRecentDocument feeds the OS's own jump lists.
      return process.platform === 'darwin'
        ? { role: 'recentDocuments', submenu: [{ role: 'clearRecentDocuments' }] }
        : { label: 'Clear Recent', click: () => app.clearRecentDocuments() };
    case 'command':
      return {
        label: item.label,
        accelerator: item.accelerator,
        click: () => onCommand(item.command),
      };
    case 'submenu':
      return {
        label: item.label,
        role: item.role as MenuItemConstructorOptions['role'],
        submenu: item.items.map((child) => toElectron(child, onCommand)),
      };
  }
}
