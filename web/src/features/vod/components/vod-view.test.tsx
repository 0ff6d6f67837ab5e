import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithApp } from '../../../testing/render';
import type { Stream } from '../../../lib/types';
import VodView from './vod-view';

const ended: Stream = {
  stream_id: 's1', streamer_id: 'u1', streamer_username: 'alice', title: 'Past', description: null,
  category: 'trading', thumbnail_url: null, status: 'ENDED', viewer_count: 0, peak_viewers: 3,
  started_at: 1, ended_at: 2, duration_seconds: 60, is_recording: true, recording_url: null, created_at: 1,
};

describe('VodView recording state', () => {
  it('says a recording is on its way while the upload is pending', () => {
    renderWithApp(<VodView stream={{ ...ended, recording_state: 'pending' }} onTime={() => {}} chat={null} />);
    expect(screen.getByLabelText('Recording state')).toHaveTextContent('Recording pending');
    expect(screen.getByRole('status')).toHaveTextContent('being stored');
  });

  it('says so when the upload failed, and nothing when it is stored', () => {
    const { unmount } = renderWithApp(<VodView stream={{ ...ended, recording_state: 'failed' }} onTime={() => {}} chat={null} />);
    expect(screen.getByLabelText('Recording state')).toHaveTextContent('Recording upload failed');
    unmount();
    renderWithApp(<VodView stream={{ ...ended, recording_state: 'stored', recording_url: '/media/s1/recording.mkv' }} onTime={() => {}} chat={null} />);
    expect(screen.queryByLabelText('Recording state')).toBeNull();
    expect(screen.getByLabelText('Recording')).toBeInTheDocument();
  });
});
