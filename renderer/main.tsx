// Vite entry: mounts <App/> and starts syncing the stores with the backend, whichever transport carries it.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { api, onTransportReopen } from './api'
import { startIpcSync } from './store/ipc-sync'
import './styles.css'

// Invokes made before the socket opens wait for it; after a lost connection, snapshots are fetched again.
startIpcSync(api, onTransportReopen)

const root = document.getElementById('root')
if (root === null) throw new Error('index.html has no #root element.')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
