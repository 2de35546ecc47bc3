import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { Layout } from './components/Layout';
import { LoginPage } from './components/LoginPage';
import { RequireRole } from './components/RequireRole';
import { useAuth, homePath } from './auth/AuthContext';
import { DeclarationListPage } from './trader/DeclarationListPage';
import { LodgePage } from './trader/LodgePage';
import { NotificationsPage } from './trader/NotificationsPage';
import { TraderDeclarationPage } from './trader/TraderDeclarationPage';
import { AmendPage } from './trader/AmendPage';
import { Loading } from './components/Feedback';

// The officer console (and ECharts with it) loads only when an officer opens it: traders on
// slow mobile connections never download it.
const WorklistPage = lazy(() => import('./officer/WorklistPage').then((m) => ({ default: m.WorklistPage })));
const OfficerDeclarationPage = lazy(() => import('./officer/OfficerDeclarationPage').then((m) => ({ default: m.OfficerDeclarationPage })));
const DashboardsPage = lazy(() => import('./officer/DashboardsPage').then((m) => ({ default: m.DashboardsPage })));
const CriteriaPage = lazy(() => import('./officer/CriteriaPage').then((m) => ({ default: m.CriteriaPage })));
const TransitPage = lazy(() => import('./officer/transit/TransitPage').then((m) => ({ default: m.TransitPage })));
const JourneyPage = lazy(() => import('./officer/transit/JourneyPage').then((m) => ({ default: m.JourneyPage })));
const AdminPage = lazy(() => import('./officer/AdminPage').then((m) => ({ default: m.AdminPage })));
import { NotFoundPage } from './components/NotFoundPage';

function Home() {
  const { user } = useAuth();
  return <Navigate to={user ? homePath(user) : '/login'} replace />;
}

export function App() {
  const trader = (el: JSX.Element) => <RequireRole side="trader">{el}</RequireRole>;
  const officer = (el: JSX.Element, side: 'officer' | 'admin' = 'officer') => (
    <RequireRole side={side}>
      <Suspense fallback={<Loading />}>{el}</Suspense>
    </RequireRole>
  );
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="trader" element={trader(<DeclarationListPage />)} />
        <Route path="trader/new" element={trader(<LodgePage />)} />
        <Route path="trader/notifications" element={trader(<NotificationsPage />)} />
        <Route path="trader/declarations/:ref" element={trader(<TraderDeclarationPage />)} />
        <Route path="trader/declarations/:ref/amend" element={trader(<AmendPage />)} />
        <Route path="officer" element={officer(<WorklistPage />)} />
        <Route path="officer/declarations/:ref" element={officer(<OfficerDeclarationPage />)} />
        <Route path="officer/dashboards" element={officer(<DashboardsPage />)} />
        <Route path="officer/criteria" element={officer(<CriteriaPage />)} />
        <Route path="officer/transit" element={officer(<TransitPage />)} />
        <Route path="officer/journeys/:id" element={officer(<JourneyPage />)} />
        <Route path="officer/admin" element={officer(<AdminPage />, 'admin')} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
