// What every section of the connection form gets: the draft and a way to change it.
import type { ConnectionProfile } from '../../../../shared/model/connection-profile'
import type { NumberFieldKey, ProfileDraft } from '../profile-draft'

export interface DraftProps {
  draft: ProfileDraft
  update(change: (d: ProfileDraft) => ProfileDraft): void
}

/** Changes profile fields. */
export const editProfile = (update: DraftProps['update'], fields: Partial<ConnectionProfile>): void =>
  update((d) => ({ ...d, profile: { ...d.profile, ...fields } }))

/** Changes one number as typed. */
export const editNumber = (update: DraftProps['update'], key: NumberFieldKey, text: string): void =>
  update((d) => ({ ...d, numbers: { ...d.numbers, [key]: text } }))
