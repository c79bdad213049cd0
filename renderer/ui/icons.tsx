// Inline SVG icons (no icon font or external file: the CSP allows only our own assets). They draw with
// currentColor so they follow the theme, and are hidden from screen readers: the text next to them speaks.
import type { ReactElement, ReactNode } from 'react'

export interface IconProps {
  size?: number
}

/** An icon component, as the view registry and buttons take it. */
export type IconComponent = (props: IconProps) => ReactElement

function Svg({ size = 18, children }: IconProps & { children: ReactNode }): ReactElement {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor"
      strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  )
}

/** A topic tree: the Explorer view. */
export const TreeIcon: IconComponent = (p) => (
  <Svg {...p}>
    <path d="M6 5v13a1 1 0 0 0 1 1h4M6 11h5" />
    <circle cx="6" cy="5" r="2" /><rect x="13" y="9" width="7" height="4" rx="1.5" /><rect x="13" y="17" width="7" height="4" rx="1.5" />
  </Svg>
)

/** Stacked servers: the Broker view. */
export const ServerIcon: IconComponent = (p) => (
  <Svg {...p}>
    <rect x="4" y="4" width="16" height="6" rx="1.5" /><rect x="4" y="14" width="16" height="6" rx="1.5" />
    <path d="M8 7h.01M8 17h.01" strokeWidth={2.4} />
  </Svg>
)

/** Arrows between two lifelines: the QoS lab's sequence diagrams. */
export const LabIcon: IconComponent = (p) => (
  <Svg {...p}>
    <path d="M5 3v18M19 3v18" /><path d="M5 8h12m-3-3 3 3-3 3" /><path d="M19 16H7m3-3-3 3 3 3" />
  </Svg>
)

export const InfoIcon: IconComponent = (p) => (
  <Svg {...p}><circle cx="12" cy="12" r="9" /><path d="M12 11v5.5" /><path d="M12 7.5v.01" strokeWidth={2.4} /></Svg>
)

export const SlidersIcon: IconComponent = (p) => (
  <Svg {...p}>
    <path d="M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1" />
    <circle cx="15" cy="6" r="2" /><circle cx="9" cy="12" r="2" /><circle cx="17" cy="18" r="2" />
  </Svg>
)

export const WarningIcon: IconComponent = (p) => (
  <Svg {...p}><path d="M10.3 4.2 2.8 17.5A2 2 0 0 0 4.5 20.5h15a2 2 0 0 0 1.7-3L13.7 4.2a2 2 0 0 0-3.4 0Z" /><path d="M12 9.5v4.5" /><path d="M12 17v.01" strokeWidth={2.4} /></Svg>
)

export const ErrorIcon: IconComponent = (p) => (
  <Svg {...p}><circle cx="12" cy="12" r="9" /><path d="M9 9l6 6M15 9l-6 6" /></Svg>
)

export const CloseIcon: IconComponent = (p) => (
  <Svg {...p}><path d="M6 6l12 12M18 6 6 18" /></Svg>
)

export const PlugOffIcon: IconComponent = (p) => (
  <Svg {...p}><path d="M9 7V3M15 7V3M6 7h12v4a6 6 0 0 1-12 0Z" /><path d="M12 17v4" /><path d="M3 3l18 18" /></Svg>
)

export const KeyIcon: IconComponent = (p) => (
  <Svg {...p}><circle cx="8" cy="15" r="4" /><path d="m10.8 12.2 8.7-8.7M16 6l3 3M14 8l2 2" /></Svg>
)

/** The app mark from build/icon.svg, redrawn small: a topic tree with a lens over one topic. */
export function LogoMark({ size = 28 }: IconProps): ReactElement {
  return (
    <svg className="logo-mark" width={size} height={size} viewBox="0 0 1024 1024" aria-hidden="true" focusable="false">
      <rect x="64" y="64" width="896" height="896" rx="200" fill="#0d2840" />
      <g transform="translate(-28 4)">
        <path d="M288 288V744H440M288 512H560" fill="none" stroke="#67e8f9" strokeWidth="56" strokeLinecap="round" strokeLinejoin="round" />
        <circle cx="288" cy="288" r="72" fill="#22d3ee" />
        <circle cx="456" cy="744" r="56" fill="#22d3ee" />
        <circle cx="600" cy="512" r="72" fill="#fbbf24" />
        <circle cx="600" cy="512" r="168" fill="none" stroke="#f1f5f9" strokeWidth="60" />
        <path d="M736 648L820 732" fill="none" stroke="#f1f5f9" strokeWidth="80" strokeLinecap="round" />
      </g>
    </svg>
  )
}
