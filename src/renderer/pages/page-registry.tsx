import type { ComponentType } from 'react';
import type { MessageKey } from '../../shared/i18n/messages-en';
import { CampaignsPage } from './campaigns-page';
import { ChurnPage } from './churn-page';
import { CustomersPage } from './customers-page';
import { DataPage } from './data-page';
import { DictionaryPage } from './dictionary-page';
import { FunnelsPage } from './funnels-page';
import { ModelsPage } from './models-page';
import type { PageProps } from './page-props';
import { SegmentsPage } from './segments-page';

export interface PageEntry {
  /** Also the nav button's test hook (`nav-<id>`) and icon class. */
  id: string;
  title: MessageKey;
  component: ComponentType<PageProps>;
  /**
   * Kept mounted (hidden) once visited, so a running job and the page's state survive a visit
   * elsewhere; false for pages with nothing to keep.
   */
  keepMounted: boolean;
}

/** The app's pages, in navigation order: a new page is one entry here. The first one opens at start. */
export const PAGES: readonly PageEntry[] = [
  { id: 'data', title: 'nav.data', component: DataPage, keepMounted: true },
  { id: 'customers', title: 'nav.customers', component: CustomersPage, keepMounted: true },
  { id: 'segments', title: 'nav.segments', component: SegmentsPage, keepMounted: true },
  { id: 'funnels', title: 'nav.funnels', component: FunnelsPage, keepMounted: true },
  { id: 'churn', title: 'nav.churn', component: ChurnPage, keepMounted: true },
  { id: 'models', title: 'nav.models', component: ModelsPage, keepMounted: true },
  { id: 'campaigns', title: 'nav.targets', component: CampaignsPage, keepMounted: true },
  // Data dictionary (issue 13): nothing to keep; the search starts empty on each visit.
  { id: 'dictionary', title: 'nav.dictionary', component: DictionaryPage, keepMounted: false },
];
