using System.Data;
using System.Globalization;
using Dapper;

namespace KaPlatform.ServiceDefaults.Data;

/// <summary>Dates are DateOnly in code and date in PostgreSQL (docs/product.md §0); Dapper needs to be told both ways.</summary>
internal sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
{
    public override void SetValue(IDbDataParameter parameter, DateOnly value)
    {
        parameter.DbType = DbType.Date;
        parameter.Value = value;
    }

    public override DateOnly Parse(object value) => value switch
    {
        DateOnly date => date,
        DateTime time => DateOnly.FromDateTime(time),
        _ => DateOnly.Parse(value.ToString()!, CultureInfo.InvariantCulture),
    };
}
