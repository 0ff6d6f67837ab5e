// The alert settings card in the studio, once the server answered with the channel's settings.
import { useAlertSettings } from '../hooks/use-alert-settings';
import AlertSettingsForm from './alert-settings-form';

export default function StudioAlertSettings() {
  const { settings, available, save } = useAlertSettings('me');
  if (!available) return null;
  // Keyed so the form starts from the loaded settings once they arrive.
  return <AlertSettingsForm key={settings ? 'loaded' : 'empty'} settings={settings} onSave={save} />;
}
