// The current time, re-read every `intervalMs` while `active` (e.g. a "reconnecting in N s" countdown).
// Idle when inactive, so a hidden countdown costs nothing.
import { useEffect, useState } from 'react'

export function useNow(active: boolean, intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [active, intervalMs])
  return now
}
