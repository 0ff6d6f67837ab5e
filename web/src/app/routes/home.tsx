import DirectoryView from '../../features/streams/components/directory-view';

export default function HomePage() {
  return <DirectoryView />;
}
