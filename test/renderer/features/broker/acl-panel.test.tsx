// @vitest-environment happy-dom
// The broker console's ACL editor against a fake backend: problems listed as you type and Apply held back
// until there are none, the applied text kept, and the tester's answer with the line that decided.
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AclPanel } from '../../../../renderer/features/broker/AclPanel'
import { createFakeBackend, flushPromises } from '../../fake-api'
import { useViewHarness } from '../../view-harness'

const renderAcl = useViewHarness(() => <AclPanel />)

async function act$(fn: () => void): Promise<void> {
  await act(async () => {
    fn()
    await flushPromises()
  })
}

describe('broker console: ACL', () => {
  it('lists the wrong lines as you type and applies only a text without any', async () => {
    const backend = await renderAcl(createFakeBackend())
    const apply = screen.getByTestId('acl-apply') as HTMLButtonElement
    expect(apply.disabled).toBe(true) // nothing edited yet
    await act$(() => fireEvent.change(screen.getByTestId('acl-text'), { target: { value: 'topic read a/#\ntopik b' } }))
    expect(screen.getByTestId('acl-problems').textContent).toContain('line 2')
    expect(apply.disabled).toBe(true)
    await act$(() => fireEvent.change(screen.getByTestId('acl-text'), { target: { value: 'topic read a/#' } }))
    expect(screen.queryByTestId('acl-problems')).toBeNull()
    await act$(() => fireEvent.click(apply))
    expect(backend.state.aclText).toBe('topic read a/#')
    expect(screen.getByTestId('acl-saved').textContent).toContain('connected clients stay')
    expect((screen.getByTestId('acl-text') as HTMLTextAreaElement).value).toBe('topic read a/#')
  })

  it('answers the tester with the deciding line, or why nothing allows it', async () => {
    const backend = await renderAcl(createFakeBackend())
    backend.state.aclText = 'topic read a/b'
    await act$(() => fireEvent.change(screen.getByTestId('acl-test-topic'), { target: { value: 'a/b' } }))
    await act$(() => fireEvent.click(screen.getByTestId('acl-test')))
    expect(screen.getByTestId('acl-answer').textContent).toBe('Allowed by line 1: topic read a/b')
    await act$(() => fireEvent.change(screen.getByTestId('acl-test-access'), { target: { value: 'write' } }))
    await act$(() => fireEvent.click(screen.getByTestId('acl-test')))
    expect(screen.getByTestId('acl-answer').textContent).toMatch(/^Denied no line grants it/)
  })
})
