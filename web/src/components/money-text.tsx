import Typography, { type TypographyProps } from '@mui/material/Typography';
import { formatMoney } from '../lib/format';

export default function MoneyText({ cents, currency, ...rest }: { cents: number; currency?: string } & TypographyProps) {
  return (
    <Typography component="span" {...rest}>
      {formatMoney(cents, currency)}
    </Typography>
  );
}
