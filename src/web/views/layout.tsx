import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { StaffRole } from '../../auth/auth.types';
import type { WebSession } from '../web-session.service';

/** What every page knows about the request: who is signed in, and where they are. */
export interface PageContext {
  session: WebSession | undefined;
  path: string;
}

interface NavItem {
  href: string;
  label: string;
  roles: readonly StaffRole[];
}

/** The workspace's sections, each shown to the roles that may open it (the routes check the same roles). */
export const NAV: readonly NavItem[] = [
  { href: '/app/today', label: 'Today', roles: ['coordinator'] },
  { href: '/app/cases', label: 'Cases', roles: ['coordinator', 'prosecutor', 'admin'] },
  { href: '/app/referrals/new', label: 'New referral', roles: ['coordinator', 'prosecutor', 'admin'] },
  { href: '/app/prosecutor', label: 'Waiting for me', roles: ['prosecutor'] },
  { href: '/app/clerk', label: 'Notices', roles: ['clerk'] },
  { href: '/app/admin/reports', label: 'Outcome report', roles: ['admin', 'prosecutor'] },
];

/** A hidden CSRF field: every form that posts carries the session's token. */
export function Csrf({ token }: { token: string }): VNode {
  return <input type="hidden" name="_csrf" value={token} />;
}

function Nav({ ctx }: { ctx: PageContext }): VNode | null {
  const session = ctx.session;
  if (!session) return null;
  const items = NAV.filter((item) => item.roles.some((role) => session.actor.roles.includes(role)));
  return (
    <nav class="workspace-nav" aria-label="Primary">
      <div class="grid-container workspace-nav__inner">
        <ul class="workspace-nav__list">
          {items.map((item) => (
            <li key={item.href}>
              <a
                class="workspace-nav__link"
                href={item.href}
                aria-current={ctx.path.startsWith(item.href) ? 'page' : undefined}
              >
                {item.label}
              </a>
            </li>
          ))}
        </ul>
        <form method="post" action="/app/sign-out" class="workspace-nav__signout">
          <Csrf token={session.csrf} />
          <span class="workspace-nav__who">
            {session.name} ({session.actor.roles.join(', ')})
          </span>
          <button type="submit" class="usa-button usa-button--outline usa-button--inverse">
            Sign out
          </button>
        </form>
      </div>
    </nav>
  );
}

/** The page frame: skip link, header, primary navigation, one main landmark with the page's h1, footer. */
export function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren }): VNode {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Diversion workspace`}</title>
        <link rel="icon" href="/assets/uswds/img/favicons/favicon.ico" />
        <link rel="stylesheet" href="/assets/uswds/css/uswds.min.css" />
        <link rel="stylesheet" href="/assets/workspace.css" />
        <script src="/assets/uswds/js/uswds.min.js" defer></script>
      </head>
      <body>
        <a class="usa-skipnav" href="#main-content">
          Skip to main content
        </a>
        <header class="usa-header usa-header--basic workspace-header">
          <div class="grid-container">
            <div class="usa-logo">
              <em class="usa-logo__text">
                <a href="/app" title="Home">
                  Restorative justice diversion
                </a>
              </em>
            </div>
          </div>
        </header>
        <Nav ctx={props.ctx} />
        <main id="main-content" class="grid-container workspace-main" tabIndex={-1}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
        <footer class="usa-footer usa-footer--slim">
          <div class="grid-container usa-footer__return-to-top">
            <a href="#main-content">Return to top</a>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** A whole HTML document. */
export function renderDocument(page: VNode): string {
  return `<!DOCTYPE html>${renderToString(page)}`;
}

/** A USWDS alert. */
export function Alert(props: {
  type: 'success' | 'error' | 'warning' | 'info';
  heading?: string;
  children: ComponentChildren;
  id?: string;
}): VNode {
  return (
    <div
      class={`usa-alert usa-alert--${props.type} usa-alert--slim`}
      role={props.type === 'error' ? 'alert' : 'status'}
      id={props.id}
    >
      <div class="usa-alert__body">
        {props.heading ? <h2 class="usa-alert__heading">{props.heading}</h2> : null}
        <p class="usa-alert__text">{props.children}</p>
      </div>
    </div>
  );
}

/** An error page (403, 404, CSRF refusals) inside the layout. */
export function ErrorPage(props: { ctx: PageContext; status: number; message: string }): VNode {
  const title =
    props.status === 403
      ? 'Not allowed'
      : props.status === 404
        ? 'Not found'
        : `Something went wrong (${props.status})`;
  return (
    <Layout ctx={props.ctx} title={title}>
      <Alert type="error">{props.message}</Alert>
      <p>
        <a href="/app">Back to the workspace</a>
      </p>
    </Layout>
  );
}
