// English UI strings: the reference catalogue. Every key here must exist in messages-fr.ts (a compile error otherwise).
// `{name}` marks a placeholder filled by translate(); keys ending in `.one`/`.other` are plural forms.

/** The English catalogue; its keys define `MessageKey`. */
export const EN = {
  'app.name': 'Topicscope',

  'menu.file': 'File',
  'menu.edit': 'Edit',
  'menu.view': 'View',
  'menu.go': 'Go',
  'menu.window': 'Window',
  'menu.help': 'Help',
  'menu.settings': 'Settings…',
  'menu.about': 'About Topicscope',
  'menu.quit': 'Quit Topicscope',
  'menu.reload': 'Reload',
  'menu.toggleDevTools': 'Toggle Developer Tools',
  'menu.resetZoom': 'Actual Size',
  'menu.zoomIn': 'Zoom In',
  'menu.zoomOut': 'Zoom Out',
  'menu.toggleFullScreen': 'Toggle Full Screen',
  'menu.minimize': 'Minimize',
  'menu.close': 'Close Window',
  'menu.learnMore': 'Learn More',

  'nav.label': 'Main views',
  'nav.shortcut': 'Shortcut: {keys}',

  'view.about.title': 'About',
  'view.settings.title': 'Settings',

  'about.tagline':
    'Topicscope is an MQTT broker and explorer in one app. Watch every topic live, follow each QoS handshake packet by packet, and see what the broker holds for every client.',
  'about.privacy.title': 'No telemetry',
  'about.privacy.body': 'Topicscope sends nothing anywhere. Your topics, messages and settings stay on this machine.',
  'about.details.title': 'This installation',
  'about.version': 'Version',
  'about.mode': 'Mode',
  'about.runtime': 'Backend runtime',
  'about.platform': 'Platform',
  'about.dataDir': 'Data folder',
  'about.settingsFile': 'Settings file',
  'about.unknown': 'Not available',
  'about.shortcuts.title': 'Keyboard shortcuts',
  'about.shortcuts.showView': 'Show {view}',

  'mode.desktop': 'Desktop app',
  'mode.web': 'Web (topicscope serve)',

  'settings.appearance.title': 'Appearance',
  'settings.theme': 'Theme',
  'settings.theme.system': 'Same as the system',
  'settings.theme.light': 'Light',
  'settings.theme.dark': 'Dark',
  'settings.language': 'Language',
  'settings.language.system': 'Same as the system',
  'settings.language.en': 'English',
  'settings.language.fr': 'Français',
  'settings.saved': 'Changes apply immediately and are saved automatically.',
  'settings.saveFailed': 'Your change could not be saved.',
  'settings.broker.title': 'Embedded MQTT broker',
  'settings.broker.port': 'Port',
  'settings.broker.exposure': 'Who can connect',
  'settings.broker.exposure.local': 'This computer only (127.0.0.1)',
  'settings.broker.exposure.network': 'Any device on the network (0.0.0.0)',
  'settings.broker.networkWarning': 'Devices on your network will be able to connect without a password.',
  'settings.broker.portInvalid': 'Enter a port from 1 to 65535.',
  'settings.broker.apply': 'Apply and restart the broker',
  'settings.broker.restartHint': 'Applying restarts the broker: connected clients are disconnected, and the sessions it keeps in memory are lost.',
  'settings.broker.running': 'Running at {url}',
  'settings.broker.failed': 'Not running: {reason}',
  'settings.broker.commandLine': 'This run uses port {port} from --mqtt-port; the port below takes over when you apply it.',
  'settings.broker.none': 'This backend runs no broker.',
  'settings.storage.title': 'Where your data lives',
  'settings.storage.hint': 'Back up or delete this folder to keep or reset everything Topicscope stores.',
  'settings.dataDir': 'Data folder',
  'settings.settingsFile': 'Settings file',

  'status.label': 'Backend status',
  'status.transport.connecting': 'Connecting…',
  'status.transport.open': 'Connected',
  'status.transport.reconnecting': 'Reconnecting in {seconds} s',
  'status.transport.reconnectingNow': 'Reconnecting…',
  'status.transport.unauthorized': 'Token refused',
  'status.backendStopping': 'Backend stopping',
  'status.broker.running': 'Broker {url}',
  'status.broker.failed': 'Broker stopped: see the warning',
  'status.broker.title': 'Embedded MQTT broker: {clients} connected, {sessions} sessions, {subscriptions} subscriptions, {retained} retained, {received} messages in, {sent} out, {dropped} dropped',
  'status.brokerClients.one': '{count} client',
  'status.brokerClients.other': '{count} clients',
  'status.uptime': 'Up {duration}',
  'status.uptime.title': 'How long the backend has been running',
  'status.memory': 'Memory {size}',
  'status.memory.title': 'Memory used by the backend process (RSS)',
  'status.webClients.one': '{count} browser connected',
  'status.webClients.other': '{count} browsers connected',
  'status.warnings.one': '{count} warning',
  'status.warnings.other': '{count} warnings',

  'duration.seconds': '{s} s',
  'duration.minutes': '{m} min {s} s',
  'duration.hours': '{h} h {m} min',
  'duration.days': '{d} d {h} h',

  'banner.dismiss': 'Dismiss',
  'banner.reconnecting': 'The Topicscope backend cannot be reached. Trying again in {seconds} s…',
  'banner.reconnectingNow': 'The Topicscope backend cannot be reached. Trying again…',
  'banner.requestFailed': 'A request to the backend failed.',

  'unauthorized.title': 'This page’s access token was refused',
  'unauthorized.body':
    'The Topicscope backend did not accept the token in this page’s address. The server makes a new token each time it starts, so an old link or bookmark stops working.',
  'unauthorized.hint': 'Open the address that {command} printed in its terminal: it contains a fresh token.',

  'boundary.title': 'This view ran into a problem',
  'boundary.body': 'The rest of Topicscope keeps working. You can try this view again or switch to another one.',
  'boundary.retry': 'Try again',

  'warning.settings-corrupt':
    'Your settings file {path} was damaged ({reason}). It was moved to {movedTo} and the default settings are in use.',
  'warning.settings-unreadable':
    'Topicscope could not read your settings file {path} ({reason}). The default settings are in use for now.',
  'warning.settings-unwritable':
    'Your settings could not be saved to {path} ({reason}). Your changes apply until Topicscope closes.',
  'warning.web-exposed':
    'The web UI is reachable from other machines at {host}. Anyone on your network who has the link with its token can control this broker.',

  'warning.broker-failed': 'The embedded MQTT broker did not start: {reason}',

  'error.bad-request': 'The backend rejected a malformed request.',
  'error.unknown-channel': 'The backend does not know this request. This page may be from another version: reload it.',
  'error.forbidden': 'This page is not allowed to talk to the backend.',
  'error.port-in-use': 'That port is already in use. Pick another port or stop the program that uses it.',
  'error.not-found': 'The requested item no longer exists.',
  'error.unavailable': 'The Topicscope backend cannot be reached right now.',
  'error.timeout': 'The backend took too long to answer.',
  'error.internal': 'Something went wrong in the backend. The details are in its log.',
} as const

/** Any message key. */
export type MessageKey = keyof typeof EN
