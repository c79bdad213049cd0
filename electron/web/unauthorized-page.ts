// The page shown for a missing or wrong token: says what happened and what to do, in English or French.

const TEXT = {
  en: {
    title: 'Topicscope: access refused',
    heading: 'This link has no valid access token',
    body: 'The Topicscope web UI needs the token that <code>topicscope serve</code> printed when it started. A new token is made at each start unless one is set with <code>--token</code>.',
    action: 'Open the full URL shown in the terminal (it ends with <code>?token=…</code>).',
  },
  fr: {
    title: 'Topicscope : accès refusé',
    heading: 'Ce lien n’a pas de jeton d’accès valide',
    body: 'L’interface web de Topicscope demande le jeton affiché par <code>topicscope serve</code> au démarrage. Un nouveau jeton est créé à chaque démarrage, sauf s’il est fixé avec <code>--token</code>.',
    action: 'Ouvrez l’URL complète affichée dans le terminal (elle se termine par <code>?token=…</code>).',
  },
} as const

/** Picks French when the browser prefers it over English. */
export function preferredLanguage(acceptLanguage: string | undefined): 'en' | 'fr' {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('fr') ? 'fr' : 'en'
}

/** A self-contained HTML page (no scripts, no external resources). */
export function unauthorizedPage(lang: 'en' | 'fr'): string {
  const t = TEXT[lang]
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${t.title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d2433}
@media (prefers-color-scheme:dark){body{background:#14171f;color:#e6e9f0}}code{font-size:.95em}</style></head>
<body><h1 id="unauthorized">${t.heading}</h1><p>${t.body}</p><p>${t.action}</p></body></html>
`
}
