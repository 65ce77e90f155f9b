/**
 * The workspace's few styles on top of USWDS, served as /assets/workspace.css (the CSP allows no inline style).
 * Kept in a module so the build needs no asset-copy step.
 */
export const WORKSPACE_STYLES = `
.workspace-header { border-bottom: 1px solid #dfe1e2; padding: 0.5rem 0; }
.workspace-nav { background: #1a4480; }
.workspace-nav__inner { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem; padding-top: 0.25rem; padding-bottom: 0.25rem; }
.workspace-nav__list { display: flex; flex-wrap: wrap; list-style: none; margin: 0; padding: 0; gap: 0.25rem; }
.workspace-nav__link { display: inline-block; color: #fff; padding: 0.75rem 0.75rem; text-decoration: none; font-weight: 700; }
.workspace-nav__link:hover { text-decoration: underline; color: #fff; }
.workspace-nav__link[aria-current="page"] { box-shadow: inset 0 -4px 0 #73b3e7; }
.workspace-nav__link:focus { outline: 0.25rem solid #2491ff; outline-offset: 0; }
.workspace-nav__signout { display: flex; align-items: center; gap: 0.5rem; flex-wrap: wrap; }
.workspace-nav__signout .usa-button { margin-top: 0; }
.workspace-nav__who { color: #fff; }
.workspace-main { padding-top: 1.5rem; padding-bottom: 3rem; }
.workspace-main:focus { outline: none; }
.workspace-tag--overdue { background: #b50909; }
.workspace-action { max-width: 100%; margin-bottom: 1.5rem; border-left: 4px solid #dfe1e2; padding-left: 1rem; }
.workspace-review { margin-bottom: 1rem; }
.workspace-obligation { margin-bottom: 1rem; }
.workspace-obligation progress { display: block; width: 100%; height: 1.25rem; }
.workspace-obligation-row { border: 1px solid #dfe1e2; padding: 0.5rem 1rem 1rem; margin-top: 1rem; }
.workspace-filters { max-width: 100%; display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: flex-end; }
.workspace-filters .usa-button { margin-top: 1.5rem; }
.workspace-table { width: 100%; }
.workspace-counts { margin-bottom: 1rem; }
.workspace-count__number { font-size: 2.5rem; font-weight: 700; display: block; }
.workspace-pdf { width: 100%; height: 36rem; border: 1px solid #dfe1e2; }
.workspace-notices li { margin-bottom: 0.75rem; }
.workspace-chart { margin: 1.5rem 0; max-width: 48rem; }
.workspace-chart__svg { max-width: 100%; height: auto; }
.workspace-chart__bar { fill: #005ea2; }
.workspace-chart__label, .workspace-chart__value { font-size: 14px; fill: #1b1b1b; }
/* Stage names get a smaller size on narrow screens and break inside a word only rather than overflow the page. */
.usa-step-indicator__segment-label { overflow-wrap: anywhere; }
@media (max-width: 63.99em) { .usa-step-indicator__segment-label { font-size: 0.8rem; } }
`;
