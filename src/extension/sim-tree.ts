// The "Simulator" tree view: the header in use, devices with their mediated
// state and queued events. Rows come from stateToTree (sim-view-model.ts);
// this file only maps them onto TreeItems.

import * as vscode from 'vscode';
import type { SimStateResult } from '../protocol/sim';
import { stateToTree, type TreeRow } from './sim-view-model';

const ICONS: Record<TreeRow['kind'], string> = {
  header: 'file-code',
  device: 'circuit-board',
  entry: 'warning',
  warning: 'error',
};

export class SimTreeProvider implements vscode.TreeDataProvider<TreeRow> {
  private rows: TreeRow[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  set(state: SimStateResult | undefined): void {
    this.rows = state ? stateToTree(state) : [];
    this.changed.fire();
  }

  getChildren(row?: TreeRow): TreeRow[] {
    return row ? row.children : this.rows;
  }

  getTreeItem(row: TreeRow): vscode.TreeItem {
    const collapse = row.children.length
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(row.label, collapse);
    item.id = row.id;
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.contextValue = `kpw.sim.${row.kind}`;
    item.iconPath = new vscode.ThemeIcon(ICONS[row.kind]);
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
