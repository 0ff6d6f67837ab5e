// The app bar (brand, navigation, theme toggle, the signed-in user and sign out) around every page.
import { useState } from 'react';
import { Link as RouterLink, NavLink, Outlet, useNavigate } from 'react-router';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import DarkModeIcon from '@mui/icons-material/DarkMode';
import LightModeIcon from '@mui/icons-material/LightMode';
import MenuIcon from '@mui/icons-material/Menu';
import ShowChartIcon from '@mui/icons-material/ShowChart';
import LogoutIcon from '@mui/icons-material/Logout';
import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import { signOut, useSession } from '../lib/session';
import { useColorMode } from '../theme/color-mode';

const NAV = [
  { to: '/', label: 'Browse', end: true },
  { to: '/studio', label: 'Studio', end: true, auth: true },
  { to: '/studio/analytics', label: 'Analytics', auth: true },
  { to: '/wallet', label: 'Wallet', auth: true },
];

export default function AppShell() {
  const { user } = useSession();
  const { mode, toggle } = useColorMode();
  const navigate = useNavigate();
  const theme = useTheme();
  const narrow = useMediaQuery(theme.breakpoints.down('md'));
  const [menu, setMenu] = useState<HTMLElement | null>(null);
  const items = NAV.filter((n) => !n.auth || user);

  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <AppBar position="sticky" color="default" elevation={0} sx={{ borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper' }}>
        <Toolbar sx={{ gap: 1 }}>
          {narrow && (
            <IconButton aria-label="Open navigation" onClick={(e) => setMenu(e.currentTarget)} edge="start">
              <MenuIcon />
            </IconButton>
          )}
          <Box component={RouterLink} to="/" sx={{ display: 'flex', alignItems: 'center', gap: 1, color: 'inherit', textDecoration: 'none', mr: 2 }}>
            <ShowChartIcon color="success" />
            <Typography variant="h6" component="span" sx={{ fontWeight: 800 }}>
              Tradecast
            </Typography>
          </Box>
          {!narrow && (
            <Box component="nav" aria-label="Main" sx={{ display: 'flex', gap: 0.5 }}>
              {items.map((n) => (
                <Button key={n.to} component={NavLink} to={n.to} end={n.end} color="inherit" sx={{ '&.active': { color: 'primary.main', bgcolor: 'action.selected' } }}>
                  {n.label}
                </Button>
              ))}
            </Box>
          )}
          <Box sx={{ flex: 1 }} />
          <Tooltip title={mode === 'dark' ? 'Light theme' : 'Dark theme'}>
            <IconButton aria-label={mode === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'} onClick={toggle}>
              {mode === 'dark' ? <LightModeIcon /> : <DarkModeIcon />}
            </IconButton>
          </Tooltip>
          {user ? (
            <>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
                <AccountCircleIcon fontSize="small" />
                <Typography aria-label="Signed in as" noWrap sx={{ fontWeight: 600, maxWidth: { xs: 90, sm: 200 } }}>
                  {user.username}
                </Typography>
              </Box>
              <Tooltip title="Sign out">
                <IconButton
                  aria-label="Sign out"
                  onClick={() => {
                    signOut();
                    navigate('/');
                  }}
                >
                  <LogoutIcon />
                </IconButton>
              </Tooltip>
            </>
          ) : (
            <>
              <Button component={RouterLink} to="/signin" color="inherit">
                Sign in
              </Button>
              <Button component={RouterLink} to="/register" variant="contained" sx={{ display: { xs: 'none', sm: 'inline-flex' } }}>
                Register
              </Button>
            </>
          )}
        </Toolbar>
      </AppBar>
      <Menu anchorEl={menu} open={!!menu} onClose={() => setMenu(null)}>
        {items.map((n) => (
          <MenuItem key={n.to} component={RouterLink} to={n.to} onClick={() => setMenu(null)}>
            {n.label}
          </MenuItem>
        ))}
        {user && <Divider />}
        {user && (
          <MenuItem
            onClick={() => {
              setMenu(null);
              signOut();
              navigate('/');
            }}
          >
            <ListItemIcon>
              <LogoutIcon fontSize="small" />
            </ListItemIcon>
            Sign out
          </MenuItem>
        )}
      </Menu>
      <Container component="main" maxWidth="xl" sx={{ py: { xs: 2, md: 3 }, flex: 1 }}>
        <Outlet />
      </Container>
    </Box>
  );
}
