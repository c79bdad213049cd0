import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

export default defineConfig({
  plugins: [react()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node', // component tests opt in with `// @vitest-environment happy-dom`
    testTimeout: 15_000,
    hookTimeout: 15_000,
    // reports/vitest.json feeds the closing line of .ci/run
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
})
