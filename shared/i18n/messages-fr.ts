// French UI strings. Typed by the English catalogue, so a missing or extra key fails to compile.
// French typography: a no-break space (\u00a0) goes before ':' and inside « », as in print.
import type { MessageKey } from './messages-en'

/** The French catalogue. */
export const FR: Record<MessageKey, string> = {
  'app.name': 'Topicscope',

  'menu.file': 'Fichier',
  'menu.edit': 'Édition',
  'menu.view': 'Affichage',
  'menu.go': 'Aller',
  'menu.window': 'Fenêtre',
  'menu.help': 'Aide',
  'menu.settings': 'Paramètres…',
  'menu.about': 'À propos de Topicscope',
  'menu.quit': 'Quitter Topicscope',
  'menu.reload': 'Recharger',
  'menu.toggleDevTools': 'Afficher les outils de développement',
  'menu.resetZoom': 'Taille réelle',
  'menu.zoomIn': 'Zoom avant',
  'menu.zoomOut': 'Zoom arrière',
  'menu.toggleFullScreen': 'Plein écran',
  'menu.minimize': 'Réduire',
  'menu.close': 'Fermer la fenêtre',
  'menu.learnMore': 'En savoir plus',

  'nav.label': 'Vues principales',
  'nav.shortcut': 'Raccourci\u00a0: {keys}',

  'view.about.title': 'À propos',
  'view.settings.title': 'Paramètres',

  'about.tagline':
    'Topicscope réunit un broker MQTT et un explorateur dans une seule application. Suivez chaque topic en direct, observez chaque échange QoS paquet par paquet et voyez ce que le broker garde pour chaque client.',
  'about.privacy.title': 'Aucune télémétrie',
  'about.privacy.body': 'Topicscope n’envoie rien nulle part. Vos topics, vos messages et vos paramètres restent sur cette machine.',
  'about.details.title': 'Cette installation',
  'about.version': 'Version',
  'about.mode': 'Mode',
  'about.runtime': 'Environnement d’exécution',
  'about.platform': 'Plateforme',
  'about.dataDir': 'Dossier de données',
  'about.settingsFile': 'Fichier de paramètres',
  'about.unknown': 'Non disponible',
  'about.shortcuts.title': 'Raccourcis clavier',
  'about.shortcuts.showView': 'Afficher la vue «\u00a0{view}\u00a0»',

  'mode.desktop': 'Application de bureau',
  'mode.web': 'Web (topicscope serve)',

  'settings.appearance.title': 'Apparence',
  'settings.theme': 'Thème',
  'settings.theme.system': 'Comme le système',
  'settings.theme.light': 'Clair',
  'settings.theme.dark': 'Sombre',
  'settings.language': 'Langue',
  'settings.language.system': 'Comme le système',
  'settings.language.en': 'English',
  'settings.language.fr': 'Français',
  'settings.saved': 'Vos changements s’appliquent tout de suite et sont enregistrés automatiquement.',
  'settings.saveFailed': 'Votre modification n’a pas pu être enregistrée.',
  'settings.storage.title': 'Où sont vos données',
  'settings.storage.hint': 'Sauvegardez ou supprimez ce dossier pour conserver ou remettre à zéro tout ce que Topicscope enregistre.',
  'settings.dataDir': 'Dossier de données',
  'settings.settingsFile': 'Fichier de paramètres',

  'status.label': 'État du backend',
  'status.transport.connecting': 'Connexion…',
  'status.transport.open': 'Connecté',
  'status.transport.reconnecting': 'Reconnexion dans {seconds} s',
  'status.transport.reconnectingNow': 'Reconnexion…',
  'status.transport.unauthorized': 'Jeton refusé',
  'status.backendStopping': 'Arrêt du backend en cours',
  'status.broker.running': 'Broker {url}',
  'status.broker.failed': 'Broker arrêté\u00a0: voir l’avertissement',
  'status.broker.title': 'Broker MQTT intégré\u00a0: {clients} connectés, {sessions} sessions, {subscriptions} abonnements, {retained} messages retenus, {received} messages reçus, {sent} envoyés, {dropped} perdus',
  'status.brokerClients.one': '{count} client',
  'status.brokerClients.other': '{count} clients',
  'status.uptime': 'Actif depuis {duration}',
  'status.uptime.title': 'Depuis combien de temps le backend tourne',
  'status.memory': 'Mémoire {size}',
  'status.memory.title': 'Mémoire utilisée par le processus du backend (RSS)',
  'status.webClients.one': '{count} navigateur connecté',
  'status.webClients.other': '{count} navigateurs connectés',
  'status.warnings.one': '{count} avertissement',
  'status.warnings.other': '{count} avertissements',

  'duration.seconds': '{s} s',
  'duration.minutes': '{m} min {s} s',
  'duration.hours': '{h} h {m} min',
  'duration.days': '{d} j {h} h',

  'banner.dismiss': 'Fermer',
  'banner.reconnecting': 'Le backend Topicscope est injoignable. Nouvel essai dans {seconds} s…',
  'banner.reconnectingNow': 'Le backend Topicscope est injoignable. Nouvel essai en cours…',
  'banner.requestFailed': 'Une requête au backend a échoué.',

  'unauthorized.title': 'Le jeton d’accès de cette page a été refusé',
  'unauthorized.body':
    'Le backend Topicscope n’a pas accepté le jeton contenu dans l’adresse de cette page. Le serveur crée un nouveau jeton à chaque démarrage\u00a0: un ancien lien ou un favori ne fonctionne donc plus.',
  'unauthorized.hint': 'Ouvrez l’adresse que {command} a affichée dans son terminal\u00a0: elle contient un jeton valide.',

  'boundary.title': 'Cette vue a rencontré un problème',
  'boundary.body': 'Le reste de Topicscope fonctionne toujours. Vous pouvez réessayer cette vue ou passer à une autre.',
  'boundary.retry': 'Réessayer',

  'warning.settings-corrupt':
    'Votre fichier de paramètres {path} était endommagé ({reason}). Il a été déplacé vers {movedTo} et les paramètres par défaut s’appliquent.',
  'warning.settings-unreadable':
    'Topicscope n’a pas pu lire votre fichier de paramètres {path} ({reason}). Les paramètres par défaut s’appliquent pour l’instant.',
  'warning.settings-unwritable':
    'Impossible d’enregistrer vos paramètres dans {path} ({reason}). Vos changements restent valables jusqu’à la fermeture de Topicscope.',
  'warning.web-exposed':
    'L’interface web est accessible depuis d’autres machines à l’adresse {host}. Toute personne de votre réseau qui a le lien avec son jeton peut piloter ce broker.',

  'warning.broker-failed': 'Le broker MQTT intégré n’a pas démarré\u00a0: {reason}',

  'error.bad-request': 'Le backend a rejeté une requête mal formée.',
  'error.unknown-channel': 'Le backend ne connaît pas cette requête. Cette page vient peut-être d’une autre version\u00a0: rechargez-la.',
  'error.forbidden': 'Cette page n’est pas autorisée à communiquer avec le backend.',
  'error.port-in-use': 'Ce port est déjà utilisé. Choisissez-en un autre ou arrêtez le programme qui l’occupe.',
  'error.not-found': 'L’élément demandé n’existe plus.',
  'error.unavailable': 'Le backend Topicscope est injoignable pour le moment.',
  'error.timeout': 'Le backend a mis trop de temps à répondre.',
  'error.internal': 'Une erreur inattendue s’est produite dans le backend. Les détails sont dans son journal.',
}
