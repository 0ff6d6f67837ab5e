import AnalyticsView from '../../features/stats/components/analytics-view';
import RequireAuth from '../require-auth';

export default function AnalyticsPage() {
  return (
    <RequireAuth>
      <AnalyticsView />
    </RequireAuth>
  );
}
